"""The pipeline of an application, as data: idea → preparing → submitted → under instruction
→ granted, partly granted, rejected or withdrawn → agreement signed → payments → final report
→ closed. ``hubsite.services.move`` applies it and keeps the history; the admin's buttons and
confirmation pages are drawn from it."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funding import cofinancing
from funding.models import Application, Status
from funding.permissions import can_move
from hubsite.transitions import Transition, Transitions


def check_submittable(applications: Sequence[Application]) -> None:
    """An application is submitted only with a co-financing plan that holds (the call's
    rate cap, the EU share, the public aid ceiling, the balance)."""
    messages = []
    for application in applications:
        for problem in cofinancing.problems(cofinancing.plan_of(application)):
            messages.append(problem if len(applications) == 1 else f"« {application} » : {problem}")
    if messages:
        raise ValidationError(messages, code="cofinancing")


def check_granted_amount(applications: Sequence[Application]) -> None:
    missing = [application for application in applications if not application.amount_granted]
    if missing:
        raise ValidationError(
            _("Indiquez d'abord le montant accordé de « %(application)s ».")
            % {"application": missing[0]},
            code="amount_granted",
        )


PREPARE = Transition(Status.PREPARING, gettext_lazy("Préparer"), name="prepare", icon="edit")
SUBMIT = Transition(
    Status.SUBMITTED, gettext_lazy("Déposer"), name="submit", icon="upload", check=check_submittable
)
INSTRUCT = Transition(
    Status.INSTRUCTION, gettext_lazy("Passer en instruction"), name="instruct", icon="time"
)
GRANT = Transition(
    Status.GRANTED, gettext_lazy("Accordé"), name="grant", icon="tick", check=check_granted_amount
)
GRANT_PARTLY = Transition(
    Status.PARTLY_GRANTED,
    gettext_lazy("Accordé en partie"),
    name="grant_partly",
    icon="tick",
    reason_required=True,
    check=check_granted_amount,
)
REJECT = Transition(
    Status.REJECTED,
    gettext_lazy("Refusé"),
    name="reject",
    icon="cross",
    reason_required=True,
    serious=True,
)
WITHDRAW = Transition(
    Status.WITHDRAWN,
    gettext_lazy("Retirer"),
    name="withdraw",
    icon="bin",
    reason_required=True,
    serious=True,
)
SIGN = Transition(
    Status.AGREEMENT_SIGNED, gettext_lazy("Convention signée"), name="sign", icon="doc-full"
)
START_PAYMENTS = Transition(
    Status.PAYMENTS, gettext_lazy("Premier versement"), name="start_payments", icon="success"
)
REPORT = Transition(
    Status.FINAL_REPORT, gettext_lazy("Bilan final rendu"), name="report", icon="doc-full-inverse"
)
CLOSE = Transition(Status.CLOSED, gettext_lazy("Clôturer"), name="close", icon="lock")

APPLICATION_TRANSITIONS = Transitions(
    Application,
    Status,
    {
        Status.IDEA: [PREPARE, WITHDRAW],
        Status.PREPARING: [SUBMIT, WITHDRAW],
        Status.SUBMITTED: [INSTRUCT, GRANT, GRANT_PARTLY, REJECT, WITHDRAW],
        Status.INSTRUCTION: [GRANT, GRANT_PARTLY, REJECT, WITHDRAW],
        Status.GRANTED: [SIGN, WITHDRAW],
        Status.PARTLY_GRANTED: [SIGN, WITHDRAW],
        Status.AGREEMENT_SIGNED: [START_PAYMENTS],
        Status.PAYMENTS: [REPORT],
        Status.FINAL_REPORT: [CLOSE],
    },
    permission=can_move,
)
