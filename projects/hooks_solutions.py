# Registers the catalogue's admin (solutions, deployments, take-up requests), its policies,
# the mediators' permissions and space, its notifications and the coordinators' desk item.
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from hubsite.admin_transitions import TransitionLogFormatter
from hubsite.desk import DESK_HOOK, DeskItem
from hubsite.notifications import KINDS_HOOK, NotificationKind
from hubsite.roles import MEDIATORS, is_mediator
from hubsite.scoping import hub_scope
from projects import admin_space, services
from projects.models import Deployment, Solution, TakeUpRequest
from projects.permissions import (
    deployment_permission_policy,
    solution_permission_policy,
    take_up_permission_policy,
)
from projects.transitions import TAKE_UP_TRANSITIONS
from projects.viewsets_follow_up import deployment_viewset, take_up_viewset
from projects.viewsets_solutions import solution_viewset

# Before the viewsets: registering them would otherwise create Wagtail's fallback policies.
register_permission_policy(Solution, solution_permission_policy)
register_permission_policy(Deployment, deployment_permission_policy)
register_permission_policy(TakeUpRequest, take_up_permission_policy)
register_snippet(solution_viewset)


@hooks.register("register_admin_viewset")
def register_follow_up_viewsets():
    return [deployment_viewset, take_up_viewset]


@hooks.register("maillage_role_permissions")
def mediator_permissions():
    # What mediators may do with each object is the policies' answer: they need the admin.
    return {MEDIATORS: ["wagtailadmin.access_admin"]}


hooks.register("construct_main_menu", admin_space.reduce_menu)
hooks.register("construct_homepage_panels", admin_space.mediator_home)
hooks.register("construct_snippet_action_menu", admin_space.name_solution_actions)


@hooks.register("register_log_actions")
def register_take_up_log_actions(actions):
    for move in TAKE_UP_TRANSITIONS.all():

        @actions.register_action(move.log_action)
        class Moved(TransitionLogFormatter):
            label = move.label
            message = _("Demande passée à l'état « %(status)s »") % {
                "status": TAKE_UP_TRANSITIONS.label_of(move.target)
            }


def _coordinates(user) -> bool:
    return bool(hub_scope(user))


def _mediator(user) -> bool:
    return is_mediator(user)


@hooks.register(KINDS_HOOK)
def notification_kinds():
    return [
        NotificationKind(
            name=services.SUBMITTED_KIND,
            label=_("Solutions envoyées à votre hub pour relecture"),
            audience=_coordinates,
        ),
        NotificationKind(
            name=services.CHANGES_REQUESTED_KIND,
            label=_("Modifications demandées par le hub sur vos solutions"),
            audience=_mediator,
        ),
        NotificationKind(
            name=services.PUBLISHED_KIND,
            label=_("Publication de vos solutions par le hub"),
            audience=_mediator,
        ),
        NotificationKind(
            name=services.TAKE_UP_MOVED_KIND,
            label=_("Suivi des demandes de déploiement"),
            audience=lambda user: _coordinates(user) or _mediator(user),
        ),
    ]


@hooks.register("maillage_notification_roles")
def notification_roles():
    return {services.ORGANISATION_MEMBERS: services.organisation_members}


def _solutions_in_review(hub) -> str:
    return f"{reverse('solutions_admin:list')}?in_review=true"


@hooks.register(DESK_HOOK)
def desk_items():
    return [
        DeskItem(
            name="solutions_to_review",
            label=_("solutions à relire"),
            model=Solution,
            # A national organisation's solutions are the national team's to review.
            condition=Q(workflow_states__status="in_progress", organisation__is_national=False),
            url=_solutions_in_review,
            order=50,
        )
    ]
