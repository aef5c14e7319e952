"""Who may do what with calls for projects and the hubs' dossiers.

A hub's coordinators write their hub's dossier and may change it while it is theirs to
change (a draft, or when the funder asked for more); the national team (which runs the
calls for the Banque des territoires) sees every dossier and moves it along its path.
"""

from hubsite.permissions import HubScopedPermissionPolicy, can_coordinate
from hubsite.roles import is_national
from projects.models import Dossier, DossierStatus

# The statuses in which the hub may still change what it wrote.
HUB_EDITABLE = frozenset({DossierStatus.DRAFT, DossierStatus.CHANGES_REQUESTED})


def can_write_dossier(user, dossier: Dossier) -> bool:
    """Change the dossier's content: its hub's coordinators, while it is theirs to change."""
    return (
        dossier.status in HUB_EDITABLE
        and can_coordinate(user, dossier.hub)
        and not is_national(user)
    )


def can_submit_dossier(user, dossier: Dossier) -> bool:
    """Send the dossier (or its completed version) to the funder: its hub's coordinators."""
    return can_coordinate(user, dossier.hub) and not is_national(user)


def can_instruct_dossier(user, dossier: Dossier) -> bool:
    """Check eligibility, open the review, ask for more, decide: the national team."""
    return is_national(user)


class DossierPermissionPolicy(HubScopedPermissionPolicy):
    """A hub deletes only a draft it has never sent; nobody deletes a sent dossier. Changing
    one the hub may no longer change is refused by the edit view (``can_write_dossier``),
    which sends the coordinator to the dossier's page instead."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and instance.status != DossierStatus.DRAFT:
            return False
        return super().user_has_permission_for_instance(user, action, instance)


dossier_permission_policy = DossierPermissionPolicy(
    Dossier,
    coordinator_actions={"add", "change", "delete", "view"},
    national_actions={"view"},
)


# --- Review --------------------------------------------------------------------------------


def is_assigned(user, dossier: Dossier) -> bool:
    return user.is_authenticated and dossier.reviews.filter(reviewer=user).exists()


def can_read_dossier(user, dossier: Dossier) -> bool:
    """Read the dossier and its documents: whom its hub's scope lets see it (its hub's
    coordinators, the national team), and the reviewers assigned to it."""
    return is_assigned(user, dossier) or dossier_permission_policy.user_has_permission_for_instance(
        user, "view", dossier
    )


def can_review(user, review) -> bool:
    """Fill and send ``review``: its reviewer, until it is sent."""
    return review.reviewer_id == user.pk and not review.is_submitted


def can_see_others_reviews(user, dossier: Dossier) -> bool:
    """See the other reviewers' scores and comments on ``dossier``: the national team; a
    reviewer of the dossier, at once in an open review, in a blind one once their own review
    is sent. A hub never does (it reads the shared comments with the decision)."""
    if is_national(user):
        return True
    own = dossier.reviews.filter(reviewer=user).first() if user.is_authenticated else None
    if own is None:
        return False
    return not dossier.call.blind_review or own.is_submitted


def visible_reviews(user, dossier: Dossier):
    """The reviews of ``dossier`` that ``user`` may read."""
    reviews = dossier.reviews.all()
    if can_see_others_reviews(user, dossier):
        return reviews
    return reviews.filter(reviewer=user) if user.is_authenticated else reviews.none()


def can_manage_review(user, call) -> bool:
    """Assign reviewers, read the comparison table, record decisions: the national team."""
    return is_national(user)
