"""Which hubs a user works for, and the querysets of everything kept to a hub.

A hub-scoped model (``HubScoped``) declares how one of its rows reaches its hub, as a lookup
(``hub_lookup = "departement__hub"``, ``"hub"``, or ``"pk"`` for ``Hub`` itself), and takes
its manager from ``HubScopedQuerySet``: it then answers ``in_hub(hub)`` and
``visible_to(user)`` the same way as every other such model, from the one answer of
``hub_scope(user)``. The admin (``hubsite.admin_views``) and the permission policy
(``hubsite.permissions.HubScopedPermissionPolicy``) recognise such a model by its
``hub_lookup``.
"""

from dataclasses import dataclass

from django.db import models

from hubsite.roles import is_national

_CACHE_ATTRIBUTE = "_maillage_hub_scope"


@dataclass(frozen=True)
class HubScope:
    """The hubs a user coordinates: every hub for the national team (``everything``)."""

    everything: bool = False
    hub_ids: frozenset[int] = frozenset()

    def includes(self, hub_id: int | None) -> bool:
        if self.everything:
            return True
        return hub_id is not None and hub_id in self.hub_ids

    def __bool__(self) -> bool:
        return self.everything or bool(self.hub_ids)


NOTHING = HubScope()
EVERYTHING = HubScope(everything=True)


def hub_scope(user) -> HubScope:
    """The one answer to "which hubs does ``user`` coordinate?", kept on the user object for
    the rest of the request. Nobody's for an anonymous or inactive user."""
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    scope = getattr(user, _CACHE_ATTRIBUTE, None)
    if scope is None:
        if is_national(user):
            scope = EVERYTHING
        else:
            hub_ids = user.groups.filter(coordinated_hub__isnull=False).values_list(
                "coordinated_hub", flat=True
            )
            scope = HubScope(hub_ids=frozenset(hub_ids))
        setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def is_hub_scoped(model) -> bool:
    """Whether ``model`` declares how its rows reach their hub."""
    return isinstance(getattr(model, "hub_lookup", None), str)


def scope_to(queryset: models.QuerySet, user, *, lookup: str | None = None) -> models.QuerySet:
    """``queryset`` narrowed to the rows of ``user``'s hubs, reached through ``lookup`` (the
    model's ``hub_lookup`` by default)."""
    lookup = lookup or queryset.model.hub_lookup
    scope = hub_scope(user)
    if scope.everything:
        return queryset
    if not scope.hub_ids:
        return queryset.none()
    return queryset.filter(**{f"{lookup}__in": scope.hub_ids})


def hub_id_of(obj) -> int | None:
    """The id of the hub ``obj`` belongs to, following its model's ``hub_lookup``; None when
    a link on the way is empty."""
    *path, last = type(obj).hub_lookup.split("__")
    for name in path:
        obj = getattr(obj, name)
        if obj is None:
            return None
    if last == "pk":
        return obj.pk
    return getattr(obj, obj._meta.get_field(last).attname)


class HubScopedQuerySet(models.QuerySet):
    """The queryset of a hub-scoped model (one that declares ``hub_lookup``)."""

    def in_hub(self, hub) -> "HubScopedQuerySet":
        return self.filter(**{self.model.hub_lookup: hub.pk})

    def visible_to(self, user) -> "HubScopedQuerySet":
        """Every row for the national team, those of their hubs for a coordinator, none for
        anyone else."""
        return scope_to(self, user)


class HubScoped(models.Model):
    """Base of a new hub-scoped model: it sets ``hub_lookup`` and gets ``objects`` with
    ``in_hub()`` and ``visible_to()``. (A model with its own queryset derives that queryset
    from ``HubScopedQuerySet`` instead, as ``Venue`` does.)"""

    hub_lookup: str

    objects = HubScopedQuerySet.as_manager()

    class Meta:
        abstract = True
