"""Who may set up the calls for projects in the admin: the national team, which runs them for
the Banque des territoires. Nobody else reaches a call's form, even by its address."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BasePermissionPolicy

from hubsite.roles import is_national, national_users
from projects.models import ProjectCall

CALL_ACTIONS = frozenset({"add", "change", "delete", "view"})


def can_set_up_call(user) -> bool:
    """Create a call, or change what it asks: the national team."""
    return is_national(user)


def can_delete_call(user, call: ProjectCall) -> bool:
    """Delete ``call``: the national team, while no hub has a dossier for it."""
    return can_set_up_call(user) and not call.dossiers.exists()


class CallPermissionPolicy(BasePermissionPolicy):
    """The calls' viewset asks the national team's role rather than Django's per-model
    permissions, and each call whether it may still go."""

    def user_has_permission(self, user, action):
        return action in CALL_ACTIONS and can_set_up_call(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete":
            return can_delete_call(user, instance)
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if CALL_ACTIONS.intersection(actions):
            return national_users().distinct()
        return get_user_model().objects.none()


call_permission_policy = CallPermissionPolicy(ProjectCall)
