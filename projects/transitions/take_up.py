"""How a take-up request moves along, as data (``hubsite.transitions``): both sides may move
it; dropping it owes a reason; "deployed" creates its deployment (``projects.services``)."""

from django.utils.translation import gettext_lazy as _

from hubsite.transitions import Transition, Transitions
from projects.models import TakeUpRequest, TakeUpStatus
from projects.permissions import can_follow_take_up

DISCUSS = Transition(
    TakeUpStatus.DISCUSSION, _("Ouvrir la discussion"), name="discuss", icon="comment"
)
DEPLOY = Transition(TakeUpStatus.DEPLOYED, _("Déployée"), name="deploy", icon="tick")
DROP = Transition(
    TakeUpStatus.DROPPED,
    _("Sans suite"),
    name="drop",
    icon="cross",
    reason_required=True,
    serious=True,
)
REOPEN = Transition(
    TakeUpStatus.DISCUSSION, _("Reprendre la discussion"), name="reopen", icon="redirect"
)

TAKE_UP_TRANSITIONS = Transitions(
    TakeUpRequest,
    TakeUpStatus,
    {
        TakeUpStatus.NEW: [DISCUSS, DEPLOY, DROP],
        TakeUpStatus.DISCUSSION: [DEPLOY, DROP],
        TakeUpStatus.DROPPED: [REOPEN],
    },
    permission=can_follow_take_up,
)
