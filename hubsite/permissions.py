"""Who may do what with a hub and its objects. Views and admin use these, never re-derive them."""

from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry

from hubsite.models import EventIndexPage, Hub, HubPage, ImportMapping, NewsIndexPage
from hubsite.roles import is_national, national_users
from hubsite.scoping import (
    hub_id_of,
    hub_scope,
    is_a_member,
    is_member_of,
    member_lookup_of,
    membership_model,
    of_members,
    scope_to,
)


def can_manage_hubs(user) -> bool:
    """Create and delete hubs, change their name, slug and départements: the national team."""
    return is_national(user)


def can_coordinate(user, hub: Hub | None) -> bool:
    """Edit what belongs to ``hub``: its pages, media, venues and funding applications."""
    return hub_scope(user).includes(hub.pk if hub is not None else None)


def can_edit_hub(user, hub: Hub) -> bool:
    """Change a hub's presentation and contacts."""
    return can_coordinate(user, hub)


def can_change_hub_territory(user, hub: Hub | None = None) -> bool:
    """Change a hub's name, slug or départements: they shape the whole portal."""
    return can_manage_hubs(user)


def can_delete_hub(user, hub: Hub) -> bool:
    return can_manage_hubs(user)


def is_hub_structure(page: Page) -> bool:
    """A hub's own page and its news and events listings, which its section cannot lose."""
    specific_class = page.specific_class
    if specific_class is HubPage:
        return True
    if specific_class in (NewsIndexPage, EventIndexPage):
        parent = page.get_parent()
        return parent is not None and parent.specific_class is HubPage
    return False


def can_restructure_page(user, page: Page) -> bool:
    """Move, unpublish or convert ``page`` (on top of Wagtail's own page permissions).

    A hub's page and listings are the national team's to rearrange.
    """
    return is_national(user) or not is_hub_structure(page)


def can_delete_page(user, page: Page) -> bool:
    """A hub's page and listings are deleted only with their hub, by ``delete_hub``."""
    return not is_hub_structure(page)


def can_copy_page(user, page: Page) -> bool:
    """A hub's page comes only with its hub (a copy would claim the same hub); its listings
    are copied by the national team only."""
    return page.specific_class is not HubPage and can_restructure_page(user, page)


class HubStructurePermissionTester(PagePermissionTester):
    """Wagtail's page permissions on a hub's page and listings, narrowed by the rules above.

    Wagtail asks a page's tester on every path that changes the tree for a user (admin views,
    admin API actions, bulk actions, ``Page.delete(user=...)``), so the rules hold on all.
    """

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk=ignore_bulk) and can_delete_page(self.user, self.page)

    def can_unpublish(self):
        return super().can_unpublish() and can_restructure_page(self.user, self.page)

    def can_set_view_restrictions(self):
        # A private hub page hides the whole section as surely as unpublishing it.
        return super().can_set_view_restrictions() and can_restructure_page(self.user, self.page)

    def can_move(self):
        # Wagtail derives moving from deleting; the national team may still move a listing.
        return super().can_delete(ignore_bulk=True) and can_restructure_page(self.user, self.page)

    def can_copy(self):
        # Creating an alias is checked as a copy too.
        return super().can_copy() and can_copy_page(self.user, self.page)

    def can_edit(self):
        # Converting an alias into an ordinary page is checked as an edit of the alias.
        if self.page.alias_of_id and not can_restructure_page(self.user, self.page):
            return False
        return super().can_edit()


# Wagtail's page actions; any of them on a page puts it in the user's own part of the tree.
PAGE_ACTIONS = frozenset({"add", "change", "publish", "lock", "unlock", "bulk_delete"})


def own_pages(user) -> QuerySet:
    """The pages ``user`` works on: their hub's section, or every page for the national team."""
    policy = policy_registry.get_by_type(Page)
    return policy.instances_user_has_any_permission_for(user, PAGE_ACTIONS)


def is_own_page(user, page: Page) -> bool:
    """Whether ``page`` is in the part of the tree ``user`` works on (see ``own_pages``)."""
    policy = policy_registry.get_by_type(Page)
    return policy.user_has_any_permission_for_instance(user, PAGE_ACTIONS, page)


def choosable_pages(user) -> QuerySet:
    """Pages ``user`` may see in a chooser and link to: their own, and any published public
    page (public anyway). Another hub's drafts and private pages are not among them."""
    public = Page.objects.live().public().values("pk")
    return Page.objects.filter(Q(pk__in=own_pages(user).values("pk")) | Q(pk__in=public))


def choosable(user, model: type[Model]) -> QuerySet | None:
    """What of ``model`` ``user`` may put in content, as the choosers offer it; ``None`` for a
    model whose objects are not kept to a hub.

    Images and documents: those of the collections the user may choose from (Wagtail's
    "choose" permission on collections); pages: ``choosable_pages``.
    """
    if issubclass(model, Page):
        return choosable_pages(user)
    if issubclass(model, (AbstractImage, AbstractDocument)):
        policy = policy_registry.get_by_type(model)
        return policy.instances_user_has_any_permission_for(user, ["choose"])
    return None


# What a bulk action may take of a model that has no page tree: any object the user may
# change or delete (Wagtail's image, document and snippet bulk actions check one of these).
BULK_ACTIONS = ("change", "delete")


def bulk_action_scope(user, model: type[Model]) -> QuerySet:
    """The objects of ``model`` a bulk action of ``user`` may consider: their own pages, or
    what their permission policy lets them change or delete. Nothing else is named to them."""
    if issubclass(model, Page):
        return model.objects.filter(pk__in=own_pages(user).values("pk"))
    policy = policy_registry.get_by_type(model)
    return policy.instances_user_has_any_permission_for(user, BULK_ACTIONS)


class HubScopedPermissionPolicy(BasePermissionPolicy):
    """Wagtail's permission policy for a hub-scoped model (one that declares ``hub_lookup``),
    so that its generic views, listing buttons, bulk actions and choosers ask about each
    object's hub rather than Django's per-model permissions.

    The national team may take ``national_actions`` (every action when None) on every object;
    a coordinator may take ``coordinator_actions`` on their hubs' objects only, and at all only
    when they coordinate a hub that may hold such objects: any hub, or one with some
    ``hub_requires`` (a relation of ``Hub``, such as ``"departements"``). ``rule(user, obj)``
    decides for one object when the model has a cheaper test than following its
    ``hub_lookup`` (it must agree with ``visible_to``).

    A model that declares ``member_lookup`` is also reached by its members, whatever their
    hub: they may take ``member_actions`` on the objects that reach them (``member_rule(user,
    obj)`` narrows it further, say to drafts), and ``member_actions`` at all when they belong
    to something (an organisation without a solution yet may add one).
    """

    def __init__(
        self,
        model,
        *,
        coordinator_actions,
        national_actions=None,
        hub_requires: str | None = None,
        rule=None,
        member_actions=(),
        member_rule=None,
    ):
        super().__init__(model)
        self.member_actions = frozenset(member_actions)
        if self.member_actions and member_lookup_of(model) is None:
            raise ValueError(f"{model.__name__} declares no member_lookup for member_actions.")
        self.member_rule = member_rule
        self.coordinator_actions = frozenset(coordinator_actions)
        self.national_actions = None if national_actions is None else frozenset(national_actions)
        self.hub_requires = hub_requires
        self.rule = rule or coordinates_object

    def national_may(self, action) -> bool:
        return self.national_actions is None or action in self.national_actions

    def coordinates_a_holder(self, user) -> bool:
        """Whether ``user`` coordinates a hub that may hold objects of the model."""
        scope = hub_scope(user)
        if not scope.hub_ids:
            return False
        if self.hub_requires is None:
            return True
        return holding_hubs(user, self.hub_requires)

    def member_may(self, user, action) -> bool:
        return action in self.member_actions and is_a_member(user, self.model)

    def user_has_permission(self, user, action):
        if hub_scope(user).everything:
            return self.national_may(action)
        if action in self.coordinator_actions and self.coordinates_a_holder(user):
            return True
        return self.member_may(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        scope = hub_scope(user)
        if scope.everything:
            return self.national_may(action)
        if bool(scope) and action in self.coordinator_actions and self.rule(user, instance):
            return True
        return (
            self.member_may(user, action)
            and is_member_of(user, instance)
            and (self.member_rule is None or self.member_rule(user, instance))
        )

    def instances_user_has_any_permission_for(self, user, actions):
        objects = self.model._default_manager.all()
        scope = hub_scope(user)
        if scope.everything:
            return objects if any(map(self.national_may, actions)) else objects.none()
        found = objects.none()
        if self.coordinator_actions.intersection(actions):
            found = scope_to(objects, user, members=False)
        if any(self.member_may(user, action) for action in actions):
            found = found | of_members(objects, user)
        return found

    def _coordinators(self, **lookups):
        return get_user_model().objects.filter(is_active=True, **lookups)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.none()
        if any(map(self.national_may, actions)):
            users = national_users()
        if self.coordinator_actions.intersection(actions):
            holding = "groups__coordinated_hub"
            if self.hub_requires:
                holding += f"__{self.hub_requires}"
            users = users | self._coordinators(**{f"{holding}__isnull": False})
        if self.member_actions.intersection(actions):
            holder, field = membership_model(self.model)
            users = users | self._coordinators(pk__in=holder._default_manager.values(field))
        return users.distinct()

    def users_with_any_permission_for_instance(self, actions, instance):
        users = get_user_model().objects.none()
        if any(map(self.national_may, actions)):
            users = national_users()
        hub_id = hub_id_of(instance)
        if self.coordinator_actions.intersection(actions) and hub_id is not None:
            users = users | self._coordinators(groups__coordinated_hub=hub_id)
        if self.member_actions.intersection(actions):
            reached = self.model._default_manager.filter(pk=instance.pk).values(
                member_lookup_of(self.model)
            )
            users = users | self._coordinators(pk__in=reached)
        return users.distinct()


def coordinates_object(user, obj) -> bool:
    """Whether ``obj`` (of a hub-scoped model) belongs to one of the hubs ``user`` coordinates."""
    return hub_scope(user).includes(hub_id_of(obj))


def holding_hubs(user, relation: str) -> bool:
    """Whether one of ``user``'s hubs has some ``relation`` (``"departements"``...); kept on
    the user object for the request, as their hub scope is."""
    cache = user.__dict__.setdefault("_maillage_holding_hubs", {})
    if relation not in cache:
        hubs = Hub.objects.filter(pk__in=hub_scope(user).hub_ids)
        cache[relation] = hubs.filter(**{f"{relation}__isnull": False}).exists()
    return cache[relation]


# The national team may do everything with hubs; a coordinator may view and change the hubs
# they coordinate, and nothing else.
hub_permission_policy = HubScopedPermissionPolicy(Hub, coordinator_actions={"change", "view"})


def can_edit_mapping(user, mapping: ImportMapping) -> bool:
    """Rename, change or delete a saved import mapping: a hub's is its coordinators', one
    without a hub the national team's."""
    return coordinates_object(user, mapping)


def can_use_mapping(user, mapping: ImportMapping) -> bool:
    """Import with ``mapping``: a hub's own, or the national team's, shared with every hub."""
    scope = hub_scope(user)
    return scope.everything or (
        bool(scope) and (mapping.hub_id is None or scope.includes(mapping.hub_id))
    )


# Mappings are made on an uploaded file, by the app whose import they serve: the generic admin
# only lists, renames and deletes them.
MAPPING_ACTIONS = frozenset({"change", "delete", "view"})
import_mapping_permission_policy = HubScopedPermissionPolicy(
    ImportMapping,
    coordinator_actions=MAPPING_ACTIONS,
    national_actions=MAPPING_ACTIONS,
    rule=can_edit_mapping,
)
