"""Which hubs a user works for, and the querysets of everything kept to a hub.

A hub-scoped model (``HubScoped``) declares how one of its rows reaches its hub, as a lookup
(``hub_lookup = "departement__hub"``, ``"hub"``, or ``"pk"`` for ``Hub`` itself), and takes
its manager from ``HubScopedQuerySet``: it then answers ``in_hub(hub)`` and
``visible_to(user)`` the same way as every other such model, from the one answer of
``hub_scope(user)``. A model may also be reached by the people it belongs to, whatever
their hub (a mediator and their organisation's solutions): it declares how a row reaches
them (``member_lookup = "organisation__memberships__user"``), and ``visible_to`` adds those
rows. The admin (``hubsite.admin_views``) and the permission policy
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


def member_lookup_of(model) -> str | None:
    """How a row of ``model`` reaches the people it belongs to (``member_lookup``), if it says."""
    lookup = getattr(model, "member_lookup", None)
    return lookup if isinstance(lookup, str) else None


def membership_model(model):
    """The model at the end of ``model``'s ``member_lookup`` but its last step: the one whose
    rows say who belongs (``Membership`` for ``organisation__memberships__user``)."""
    *path, _user = member_lookup_of(model).split("__")
    for name in path:
        model = model._meta.get_field(name).related_model
    return model, _user


def is_a_member(user, model) -> bool:
    """Whether ``user`` belongs to anything through which rows of ``model`` reach people (a
    mediator with an organisation, before it has any solution); kept for the request."""
    if member_lookup_of(model) is None or not (user.is_authenticated and user.is_active):
        return False
    holder, field = membership_model(model)
    cache = user.__dict__.setdefault("_maillage_memberships", {})
    if holder not in cache:
        cache[holder] = holder._default_manager.filter(**{field: user}).exists()
    return cache[holder]


def of_members(queryset: models.QuerySet, user) -> models.QuerySet:
    """The rows of ``queryset`` that reach ``user`` through the model's ``member_lookup``."""
    lookup = member_lookup_of(queryset.model)
    if lookup is None or not is_a_member(user, queryset.model):
        return queryset.none()
    # A subquery: the join through memberships would repeat a row per member.
    reached = queryset.model._default_manager.filter(**{lookup: user}).values("pk")
    return queryset.filter(pk__in=reached)


def is_member_of(user, obj) -> bool:
    """Whether ``obj`` reaches ``user`` through its model's ``member_lookup``."""
    model = type(obj)
    if not is_a_member(user, model) or obj.pk is None:
        return False
    cache = user.__dict__.setdefault("_maillage_member_of", {})
    key = (model._meta.label, obj.pk)
    if key not in cache:
        lookup = member_lookup_of(model)
        cache[key] = model._default_manager.filter(pk=obj.pk, **{lookup: user}).exists()
    return cache[key]


def scope_to(
    queryset: models.QuerySet, user, *, lookup: str | None = None, members: bool = True
) -> models.QuerySet:
    """``queryset`` narrowed to the rows of ``user``'s hubs, reached through ``lookup`` (the
    model's ``hub_lookup`` by default), and, unless ``members`` is False, to the rows that
    reach them through the model's ``member_lookup``."""
    lookup = lookup or queryset.model.hub_lookup
    scope = hub_scope(user)
    if scope.everything:
        return queryset
    own = queryset.none()
    if scope.hub_ids:
        own = queryset.filter(**{f"{lookup}__in": scope.hub_ids})
    if members and member_lookup_of(queryset.model) and is_a_member(user, queryset.model):
        return own | of_members(queryset, user) if scope.hub_ids else of_members(queryset, user)
    return own


def reaches(user, obj) -> bool:
    """Whether ``user`` may see ``obj`` at all: it is of one of their hubs, or it reaches them
    through its model's ``member_lookup``. Agrees with ``visible_to``."""
    return hub_scope(user).includes(hub_id_of(obj)) or is_member_of(user, obj)


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
        """Every row for the national team, those of their hubs for a coordinator, those
        that reach them through ``member_lookup`` for a member, none for anyone else."""
        return scope_to(self, user)


class HubScoped(models.Model):
    """Base of a new hub-scoped model: it sets ``hub_lookup`` and gets ``objects`` with
    ``in_hub()`` and ``visible_to()``. (A model with its own queryset derives that queryset
    from ``HubScopedQuerySet`` instead, as ``Venue`` does.)"""

    hub_lookup: str

    objects = HubScopedQuerySet.as_manager()

    class Meta:
        abstract = True
