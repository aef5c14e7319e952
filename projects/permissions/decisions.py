"""Who may do what with a dossier's decision and follow-up.

The national team records the committee's decision and releases the tranches; the hub's
coordinators read the decision (never the reviewers' private notes, scores or names) and
report what the follow-up asks of them while their dossier is followed.
"""

from hubsite.permissions import can_coordinate
from hubsite.roles import is_national
from projects.models import Dossier, DossierStatus

# The statuses in which the hub reports and the national team releases tranches.
FOLLOWED = frozenset({DossierStatus.APPROVED, DossierStatus.FOLLOW_UP})


def can_record_decision(user, dossier: Dossier) -> bool:
    return is_national(user)


def can_release_tranche(user, dossier: Dossier) -> bool:
    return is_national(user)


def can_see_follow_up(user, dossier: Dossier) -> bool:
    """The decision and the follow-up page: the national team and the hub's coordinators."""
    return is_national(user) or can_coordinate(user, dossier.hub)


def can_report_follow_up(user, dossier: Dossier) -> bool:
    """Report an indicator, send a report or minutes: the hub's coordinators, while the
    dossier is followed."""
    return (
        dossier.status in FOLLOWED and can_coordinate(user, dossier.hub) and not is_national(user)
    )
