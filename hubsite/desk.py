"""The coordinator's desk: the admin home's panel of what needs doing, per hub.

Apps add items through the ``maillage_desk_items`` Wagtail hook: a callable returning
:class:`DeskItem` objects. An item counts rows of a model that match a condition, per hub
(of hub-scoped models), and links to the listing that shows them.
Items of one model and lookup are counted together, in one grouped query: the desk costs
one query per model, whatever the number of hubs or rows.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from hubsite.models import Hub

DESK_HOOK = "maillage_desk_items"


@dataclass(frozen=True)
class DeskItem:
    """One thing to do: ``condition`` (a Q, or a callable returning one, for conditions that
    depend on today) picks the rows of ``model`` (a hub-scoped model: its ``hub_lookup`` says
    how a row reaches its hub) to deal with; ``url(hub)`` is the listing of those rows in
    ``hub``."""

    name: str
    label: str
    model: type
    condition: Q | Callable[[], Q]
    url: Callable[[Hub], str]
    order: int = 100

    def q(self) -> Q:
        return self.condition() if callable(self.condition) else self.condition


def desk_items() -> list[DeskItem]:
    items = [item for hook in hooks.get_hooks(DESK_HOOK) for item in hook()]
    return sorted(items, key=lambda item: item.order)


def count_items(hubs, items: Iterable[DeskItem]) -> dict[tuple[int, str], int]:
    """{(hub id, item name): count} for the hubs of the ``hubs`` queryset."""
    groups: dict[tuple, list[DeskItem]] = {}
    for item in items:
        groups.setdefault((item.model, item.model.hub_lookup), []).append(item)
    counts = {}
    for (model, lookup), group in groups.items():
        aggregates = {
            f"desk_{index}": Count("pk", filter=item.q()) for index, item in enumerate(group)
        }
        rows = (
            model._default_manager.filter(**{f"{lookup}__in": hubs.values("pk")})
            .order_by()
            .values(lookup)
            .annotate(**aggregates)
        )
        for row in rows:
            for index, item in enumerate(group):
                counts[(row[lookup], item.name)] = row[f"desk_{index}"]
    return counts


@dataclass
class DeskCell:
    item: DeskItem
    count: int
    url: str


@dataclass
class DeskRow:
    hub: Hub
    cells: list[DeskCell]


def desk_rows(user) -> list[DeskRow]:
    """What needs doing in each hub ``user`` coordinates (every hub for the national team)."""
    items = desk_items()
    hubs = Hub.objects.visible_to(user).order_by("name")
    hub_list = list(hubs.only("pk", "name", "slug"))
    if not hub_list or not items:
        return []
    counts = count_items(hubs, items)
    return [
        DeskRow(
            hub=hub,
            cells=[
                DeskCell(item=item, count=counts.get((hub.pk, item.name), 0), url=item.url(hub))
                for item in items
            ],
        )
        for hub in hub_list
    ]


class DeskPanel(Component):
    """The desk on Wagtail's admin home (``construct_homepage_panels``)."""

    name = "maillage_desk"
    order = 50
    template_name = "hubsite/admin/desk_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        rows = desk_rows(self.user)
        return {
            "rows": rows,
            "items": [cell.item for cell in rows[0].cells] if rows else [],
            "heading": _("À traiter"),
        }
