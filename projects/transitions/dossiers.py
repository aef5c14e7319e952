"""A dossier's path, as data: draft → submitted → eligibility checked → in review → changes
requested ⇄ completed → committee → approved or rejected → follow-up → closed. The hub moves
what it sends; the national team moves everything else. A dossier is approved or rejected
through the committee's decision (``projects.services.record_decision``, the form of the
approve and reject transitions) and closed once its end report is in. Each move is in the
dossier's history and tells those it concerns (``projects.services``)."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hubsite.transitions import Transition, Transitions
from projects import services
from projects.models import Dossier, DossierStatus
from projects.permissions import can_instruct_dossier, can_submit_dossier


def check_ready(dossiers: Sequence[Dossier]) -> None:
    """A dossier is sent complete and with an economic model that meets its call's rules."""
    messages = []
    for dossier in dossiers:
        messages += services.submission_problems(dossier)
    if messages:
        raise ValidationError(messages, code="dossier_not_ready")


SUBMIT = Transition(
    DossierStatus.SUBMITTED,
    _("Déposer le dossier"),
    name="submit",
    icon="upload",
    permission=can_submit_dossier,
    check=check_ready,
    effect=services.dossier_sent,
)
RESUBMIT = Transition(
    DossierStatus.RESUBMITTED,
    _("Déposer les compléments"),
    name="resubmit",
    icon="upload",
    permission=can_submit_dossier,
    check=check_ready,
    effect=services.dossier_sent,
)
ELIGIBLE = Transition(
    DossierStatus.ELIGIBLE,
    _("Déclarer éligible"),
    name="eligible",
    icon="tick",
    effect=services.dossier_moved,
)
INELIGIBLE = Transition(
    DossierStatus.REJECTED,
    _("Déclarer inéligible"),
    name="ineligible",
    icon="cross",
    reason_required=True,
    serious=True,
    effect=services.dossier_moved,
)
OPEN_REVIEW = Transition(
    DossierStatus.IN_REVIEW,
    _("Ouvrir la relecture"),
    name="review",
    icon="view",
    effect=services.dossier_moved,
)
ASK_CHANGES = Transition(
    DossierStatus.CHANGES_REQUESTED,
    _("Demander des compléments"),
    name="ask_changes",
    icon="edit",
    reason_required=True,
    effect=services.dossier_moved,
)
TO_COMMITTEE = Transition(
    DossierStatus.COMMITTEE,
    _("Présenter en comité"),
    name="committee",
    icon="group",
    effect=services.dossier_moved,
)
APPROVE = Transition(
    DossierStatus.APPROVED,
    _("Accepter"),
    name="approve",
    icon="success",
    reason_required=True,
    check=services.check_decided,
    effect=services.decision_recorded,
)
REJECT = Transition(
    DossierStatus.REJECTED,
    _("Refuser"),
    name="reject",
    icon="cross",
    reason_required=True,
    serious=True,
    check=services.check_decided,
    effect=services.decision_recorded,
)
FOLLOW_UP = Transition(
    DossierStatus.FOLLOW_UP,
    _("Ouvrir le suivi"),
    name="follow_up",
    icon="calendar",
    check=services.check_decided,
    effect=services.dossier_moved,
)
CLOSE = Transition(
    DossierStatus.CLOSED,
    _("Clore"),
    name="close",
    icon="lock",
    check=services.check_end_report,
    effect=services.dossier_moved,
)

DOSSIER_TRANSITIONS = Transitions(
    Dossier,
    DossierStatus,
    {
        DossierStatus.DRAFT: [SUBMIT],
        DossierStatus.SUBMITTED: [ELIGIBLE, INELIGIBLE],
        DossierStatus.ELIGIBLE: [OPEN_REVIEW],
        DossierStatus.IN_REVIEW: [ASK_CHANGES, TO_COMMITTEE],
        DossierStatus.CHANGES_REQUESTED: [RESUBMIT],
        DossierStatus.RESUBMITTED: [OPEN_REVIEW, TO_COMMITTEE],
        DossierStatus.COMMITTEE: [APPROVE, REJECT],
        DossierStatus.APPROVED: [FOLLOW_UP],
        DossierStatus.FOLLOW_UP: [CLOSE],
    },
    # The hub's own moves name their permission; every other is the national team's.
    permission=can_instruct_dossier,
)
