"""A hub's data quality at a glance: of its qualified venues, the share with opening hours, an
exact position, a contact and data confirmed within a year. One grouped query for any number
of hubs, shown on the admin home (a coordinator's hubs; every hub for the national team)."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from directory.models import Venue, confirmed_since
from hubsite.models import Hub

MEASURES = (
    ("hours", _("avec horaires"), lambda: ~Q(opening_hours="")),
    (
        "position",
        _("position exacte"),
        lambda: Q(latitude__isnull=False, position_is_approximate=False),
    ),
    ("contact", _("avec un contact"), lambda: ~Q(phone="") | ~Q(emails="") | ~Q(websites="")),
    ("confirmed", _("confirmés dans l'année"), lambda: Q(confirmed_at__gte=confirmed_since())),
)


@dataclass
class Share:
    name: str
    label: str
    count: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


@dataclass
class HubQuality:
    hub: Hub
    total: int
    shares: list[Share]


def hub_quality(hubs) -> list[HubQuality]:
    """The figures of each hub of the ``hubs`` queryset, in its order: two queries in all."""
    hub_list = list(hubs.only("pk", "name", "slug"))
    rows = (
        Venue.objects.qualified()
        .filter(departement__hub__in=[hub.pk for hub in hub_list])
        .order_by()
        .values("departement__hub")
        .annotate(
            total=Count("pk"),
            **{name: Count("pk", filter=condition()) for name, _label, condition in MEASURES},
        )
    )
    found = {row["departement__hub"]: row for row in rows}
    result = []
    for hub in hub_list:
        row = found.get(hub.pk, {})
        total = row.get("total", 0)
        shares = [Share(name, str(label), row.get(name, 0), total) for name, label, _c in MEASURES]
        result.append(HubQuality(hub=hub, total=total, shares=shares))
    return result


class QualityPanel(Component):
    """The figures on Wagtail's admin home, beside the desk."""

    name = "maillage_quality"
    order = 60
    template_name = "directory/admin/quality_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        hubs = Hub.objects.visible_to(self.user).filter(departements__isnull=False).distinct()
        rows = hub_quality(hubs.order_by("name"))
        return {
            "rows": rows,
            "labels": [str(label) for _name, label, _c in MEASURES],
            "heading": _("Qualité des données des lieux"),
        }
