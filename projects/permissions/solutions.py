"""Who may do what with solutions, deployments and take-up requests.

A solution belongs to its organisation's members (mediators), who describe it and send it
to the hub, and to its hub's coordinators, who review and publish it; the national team
reviews national organisations' solutions. A deployment is the hub's of its département and
its operating organisation's members'. A take-up request is followed by the hub of the
requester's commune and by the solution's organisation. ``visible_to`` agrees with each.
"""

from hubsite.permissions import HubScopedPermissionPolicy
from hubsite.roles import is_mediator
from hubsite.scoping import hub_scope, is_a_member, reaches
from projects.models import Deployment, Organisation, Solution, TakeUpRequest

# Mediators send solutions to the hub: they never publish them themselves.
SOLUTION_MEMBER_ACTIONS = frozenset({"add", "change", "view", "delete", "lock", "unlock"})
SOLUTION_COORDINATOR_ACTIONS = frozenset({"change", "view", "publish", "lock", "unlock"})
FOLLOW_ACTIONS = frozenset({"view", "change"})
DEPLOYMENT_ACTIONS = frozenset({"add", "change", "view", "delete"})


def can_delete_solution(user, solution: Solution) -> bool:
    """A member deletes a solution never published; what the public saw stays with the hub."""
    return solution.first_published_at is None


class SolutionPermissionPolicy(HubScopedPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        allowed = super().user_has_permission_for_instance(user, action, instance)
        if allowed and action == "delete" and not hub_scope(user).includes(_hub_id(instance)):
            return can_delete_solution(user, instance)
        return allowed


def _hub_id(solution: Solution):
    hub = solution.hub
    return hub.pk if hub is not None else None


solution_permission_policy = SolutionPermissionPolicy(
    Solution,
    coordinator_actions=SOLUTION_COORDINATOR_ACTIONS,
    member_actions=SOLUTION_MEMBER_ACTIONS,
)
deployment_permission_policy = HubScopedPermissionPolicy(
    Deployment, coordinator_actions=DEPLOYMENT_ACTIONS, member_actions=DEPLOYMENT_ACTIONS
)
take_up_permission_policy = HubScopedPermissionPolicy(
    TakeUpRequest, coordinator_actions=FOLLOW_ACTIONS, member_actions=FOLLOW_ACTIONS
)


def is_member_space_user(user) -> bool:
    """A mediator who works only in their organisations' space (no hub, not national)."""
    return is_mediator(user) and not hub_scope(user)


def can_edit_solution(user, solution: Solution) -> bool:
    return solution_permission_policy.user_has_permission_for_instance(user, "change", solution)


def can_follow_take_up(user, request: TakeUpRequest) -> bool:
    """Move a take-up request along: the hub of the requester's commune, the solution's
    organisation, the national team."""
    return reaches(user, request)


def can_declare_deployment(user) -> bool:
    return deployment_permission_policy.user_has_permission(user, "add")


def declaring_organisations(user):
    """The organisations ``user`` may declare a deployment for: their own; any for the
    national team, those of their hubs for a coordinator."""
    if is_a_member(user, Organisation) and not hub_scope(user):
        return Organisation.objects.of_member(user)
    return Organisation.objects.visible_to(user)


def deployable_solutions(user):
    """The solutions a deployment may name: any published one, and those ``user`` reaches."""
    visible = Solution.objects.visible_to(user).values("pk")
    return Solution.objects.filter(live=True) | Solution.objects.filter(pk__in=visible)


def deployable_venues(*, commune_id: str | None, departement_id: str | None):
    """The venues a deployment in ``commune_id`` (or, without one, all over
    ``departement_id``) may name, whoever declares it: the directory's qualified venues
    there, public data; never a venue waiting for its hub. None without a place."""
    venue_model = Deployment._meta.get_field("venues").related_model
    # The directory's own queryset says what it publishes: projects never imports it.
    qualified = venue_model._default_manager.qualified()
    if commune_id:
        return qualified.filter(commune_id=commune_id)
    if departement_id:
        return qualified.filter(departement_id=departement_id)
    return qualified.none()
