# The calls' own admin (create, edit, delete, history), kept by the national team.
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from projects.models import ProjectCall
from projects.permissions.calls import call_permission_policy
from projects.viewsets.calls import call_viewset

# Before the viewset: registering it would otherwise create Wagtail's fallback policy.
register_permission_policy(ProjectCall, call_permission_policy)


@hooks.register("register_admin_viewset")
def register_call_viewset():
    return call_viewset
