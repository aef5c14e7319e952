# The organisations' admin, its permission policy, the history labels of membership changes
# and the join-request notification.
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from hubsite.notifications import KINDS_HOOK, NotificationKind
from hubsite.roles import is_mediator
from projects.membership_services import JOIN_REQUEST_KIND, LOG_ACTIONS
from projects.models import Organisation
from projects.organisation_viewsets import organisation_permission_policy, organisation_viewset

# Before the viewset: registering it would otherwise create Wagtail's fallback policy.
register_permission_policy(Organisation, organisation_permission_policy)


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return organisation_viewset


@hooks.register("register_log_actions")
def register_membership_log_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register(KINDS_HOOK)
def notification_kinds():
    return [
        NotificationKind(
            name=JOIN_REQUEST_KIND,
            label=_("Demandes pour rejoindre votre organisation"),
            help_text=_("Quand une personne demande à devenir membre de votre organisation."),
            audience=is_mediator,
        )
    ]


class MediatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_mediator(request.user)


@hooks.register("register_admin_menu_item")
def register_my_organisation_menu_item():
    # Mediators reach their organisation's members, invitations and requests in "Mon espace".
    return MediatorMenuItem(
        _("Mon organisation"),
        reverse("projects_account:home"),
        name="my_organisation",
        icon_name="group",
        order=320,
    )
