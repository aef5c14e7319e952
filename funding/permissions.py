"""Who may do what with funding. Every admin view, feed and dashboard uses these.

An application is its lead hub's coordinators' to change and move, the national team's to
oversee; the coordinators of its partner hubs see it without changing it. The catalogue of
funders, programmes and calls is kept together: any coordinator adds and corrects, only the
national team deletes.
"""

from wagtail.permission_policies.base import BasePermissionPolicy

from funding.models import Application
from hubsite.permissions import HubScopedPermissionPolicy
from hubsite.roles import is_national
from hubsite.scoping import hub_scope


def can_view(user, application: Application) -> bool:
    """See ``application``: its lead hub's and its partner hubs' coordinators, the national
    team (agrees with ``Application.objects.visible_to``)."""
    scope = hub_scope(user)
    if scope.everything or scope.includes(application.hub_id):
        return True
    if not scope.hub_ids or application.pk is None:
        return False
    return application.partner_hubs.filter(pk__in=scope.hub_ids).exists()


def can_edit(user, application: Application) -> bool:
    """Change, move through the pipeline, delete ``application``: its lead hub and the
    national team."""
    return hub_scope(user).includes(application.hub_id)


def can_move(user, application: Application) -> bool:
    return can_edit(user, application)


def can_comment(user, application: Application) -> bool:
    return can_view(user, application)


def can_use_funding(user) -> bool:
    """Reach the funding admin at all: the national team and every hub's coordinators."""
    return bool(hub_scope(user))


def can_import_calls(user) -> bool:
    """Import calls into the shared catalogue: whoever may add and change its calls (the
    national team, every hub's coordinators); an import never deletes one."""
    return can_use_funding(user)


def can_save_search(user) -> bool:
    """Save the catalogue's filters and be e-mailed the calls newly matching them."""
    return can_use_funding(user)


def can_manage_search(user, search) -> bool:
    """See, unsubscribe from or delete a saved search: its owner only."""
    return user.is_authenticated and search.owner_id == user.pk


def can_see_national_dashboard(user) -> bool:
    """The national dashboard and the comparison of hubs: the national team only."""
    return is_national(user)


def can_see_hub_dashboard(user, hub) -> bool:
    """A hub's funding dashboard: its coordinators and the national team."""
    return hub is not None and hub_scope(user).includes(hub.pk)


def can_export_payments(user) -> bool:
    """Export the payments of the applications one sees (``Application.objects.visible_to``)."""
    return can_use_funding(user)


APPLICATION_ACTIONS = frozenset({"add", "change", "delete", "view"})
application_permission_policy = HubScopedPermissionPolicy(
    Application,
    coordinator_actions=APPLICATION_ACTIONS,
    national_actions=APPLICATION_ACTIONS,
    rule=can_edit,
)


class CataloguePermissionPolicy(BasePermissionPolicy):
    """Funders, programmes and calls: shared by everyone who works on funding; deleting is the
    national team's (other hubs' applications may depend on the row)."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return is_national(user)
        return can_use_funding(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if any(self.user_has_permission(user, action) for action in actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


def can_manage_feed(user, feed) -> bool:
    """Regenerate or revoke a calendar feed: its person, or a coordinator of its hub."""
    if feed.user_id is not None:
        return feed.user_id == user.pk
    return hub_scope(user).includes(feed.hub_id)


def can_manage_hub_feed(user, hub) -> bool:
    return hub is not None and hub_scope(user).includes(hub.pk)
