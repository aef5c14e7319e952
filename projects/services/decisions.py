"""Writes of a dossier's decision and follow-up: the committee's decision recorded with its
tranches (and the dossier moved), the hub's indicator values and documents, the tranches
released; the hub told of the decision and of each release."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from hubsite import services as hub_services
from hubsite.notifications import HUB_COORDINATORS, notify
from hubsite.uploads import validate_upload
from projects.follow_up import FollowUpState, unmet_condition
from projects.models import (
    YEARS,
    Decision,
    DocumentKind,
    Dossier,
    DossierStatus,
    FollowUpDocument,
    Indicator,
    IndicatorReport,
    Outcome,
    Tranche,
    TrancheCondition,
)

TRANCHE_RELEASED_KIND = "projects.tranche_released"
RELEASE_LOG_ACTION = "projects.release_tranche"


def euros(amount) -> str:
    return f"{floatformat(amount, '0g')} €"


@dataclass(frozen=True)
class TrancheSpec:
    """A tranche as the decision's form gives it."""

    label: str
    amount: Decimal
    planned_on: object
    condition: str
    indicator: Indicator | None = None
    year: int | None = None
    condition_text: str = ""


def envelope_left(dossier: Dossier) -> Decimal:
    """What the call's envelope still holds, other dossiers' grants deducted."""
    granted = (
        Decision.objects.filter(dossier__call_id=dossier.call_id, outcome=Outcome.APPROVED)
        .exclude(dossier=dossier)
        .aggregate(total=Sum("amount_granted"))["total"]
    )
    return dossier.call.envelope - (granted or 0)


def _tranche_problems(dossier: Dossier, amount, tranches: Sequence[TrancheSpec]) -> list[str]:
    problems = []
    if not tranches:
        return [_("Prévoyez au moins une tranche de paiement.")]
    for spec in tranches:
        if spec.condition == TrancheCondition.INDICATOR:
            if spec.indicator is None or spec.indicator.dossier_id != dossier.pk:
                problems.append(
                    _("« %(tranche)s » : choisissez un indicateur du dossier.")
                    % {"tranche": spec.label}
                )
            if spec.year not in YEARS:
                problems.append(
                    _("« %(tranche)s » : indiquez l'année (1, 2 ou 3) de l'indicateur.")
                    % {"tranche": spec.label}
                )
        if spec.condition == TrancheCondition.OTHER and not spec.condition_text.strip():
            problems.append(
                _("« %(tranche)s » : décrivez la condition de versement.") % {"tranche": spec.label}
            )
    total = sum((spec.amount for spec in tranches), Decimal(0))
    if amount is not None and total != amount:
        problems.append(
            _("Les tranches font %(total)s ; elles doivent faire le montant accordé, %(amount)s.")
            % {"total": euros(total), "amount": euros(amount)}
        )
    return problems


def decision_problems(
    dossier: Dossier, *, outcome: str, motivation: str, amount, reasons: str, tranches
) -> list[str]:
    """Why this decision cannot be recorded, in French; empty when it can."""
    problems = []
    if not motivation.strip():
        problems.append(_("Motivez la décision : le hub la lira."))
    if outcome == Outcome.REJECTED:
        if not reasons.strip():
            problems.append(_("Donnez les raisons du refus."))
        return problems
    if amount is None or amount <= 0:
        return [*problems, _("Indiquez le montant accordé.")]
    left = envelope_left(dossier)
    if amount > left:
        problems.append(
            _(
                "Le montant accordé (%(amount)s) dépasse ce qui reste de l'enveloppe de l'appel "
                "(%(left)s)."
            )
            % {"amount": euros(amount), "left": euros(left)}
        )
    asked = dossier.economic_model().total_funder
    if amount > asked:
        problems.append(
            _(
                "Le montant accordé (%(amount)s) dépasse ce que le plan de financement demande à "
                "la Banque des territoires (%(asked)s)."
            )
            % {"amount": euros(amount), "asked": euros(asked)}
        )
    return problems + _tranche_problems(dossier, amount, tranches)


@transaction.atomic
def record_decision(
    *,
    dossier: Dossier,
    by,
    outcome: str,
    motivation: str,
    amount_granted=None,
    conditions: str = "",
    reasons: str = "",
    tranches: Sequence[TrancheSpec] = (),
) -> Decision:
    """Record the committee's decision on ``dossier`` (in committee) and move it to approved
    or rejected, for ``by`` (None: the system, as for ``move``); the hub is told.
    ValidationError lists every problem, in French."""
    from projects.permissions import can_record_decision

    dossier = Dossier.objects.select_for_update().select_related("call", "hub").get(pk=dossier.pk)
    if by is not None and not can_record_decision(by, dossier):
        raise PermissionDenied(_("Seule l'équipe nationale enregistre les décisions du comité."))
    if dossier.status != DossierStatus.COMMITTEE or Decision.objects.filter(dossier=dossier):
        raise ValidationError(
            _("« %(dossier)s » n'attend pas de décision du comité (%(status)s).")
            % {"dossier": dossier, "status": dossier.get_status_display()}
        )
    approved = outcome == Outcome.APPROVED
    problems = decision_problems(
        dossier,
        outcome=outcome,
        motivation=motivation,
        amount=amount_granted,
        reasons=reasons,
        tranches=tranches if approved else (),
    )
    if problems:
        raise ValidationError(problems)
    decision = Decision.objects.create(
        dossier=dossier,
        outcome=outcome,
        amount_granted=amount_granted if approved else None,
        conditions=conditions.strip() if approved else "",
        reasons="" if approved else reasons.strip(),
        motivation=motivation.strip(),
        decided_by=by,
    )
    if approved:
        Tranche.objects.bulk_create(
            Tranche(
                decision=decision,
                position=position,
                label=spec.label,
                amount=spec.amount,
                planned_on=spec.planned_on,
                condition=spec.condition,
                indicator=spec.indicator if spec.condition == TrancheCondition.INDICATOR else None,
                year=spec.year if spec.condition == TrancheCondition.INDICATOR else None,
                condition_text=spec.condition_text.strip(),
            )
            for position, spec in enumerate(tranches)
        )
    target = DossierStatus.APPROVED if approved else DossierStatus.REJECTED
    hub_services.move(dossier, to=target, by=by, reason=motivation.strip())
    return decision


def check_decided(dossiers: Sequence[Dossier]) -> None:
    """A transition's check: a dossier is approved or rejected only through its decision
    (``record_decision``), which is written first."""
    decided = dict(
        Decision.objects.filter(dossier__in=dossiers).values_list("dossier_id", "outcome")
    )
    if any(dossier.pk not in decided for dossier in dossiers):
        raise ValidationError(
            _(
                "Enregistrez la décision du comité (montant, tranches, motivation) avec son "
                "formulaire : elle décide de l'état du dossier."
            ),
            code="decision_missing",
        )


def check_end_report(dossiers: Sequence[Dossier]) -> None:
    """A transition's check: a dossier is closed once its end report is received."""
    received = set(
        FollowUpDocument.objects.filter(
            dossier__in=dossiers, kind=DocumentKind.END_REPORT
        ).values_list("dossier_id", flat=True)
    )
    missing = [str(dossier) for dossier in dossiers if dossier.pk not in received]
    if missing:
        raise ValidationError(
            _("Le rapport final n'a pas été reçu : %(list)s ne peut pas être clos.")
            % {"list": ", ".join(missing)},
            code="end_report_missing",
        )


def decision_recorded(dossiers: Sequence[Dossier], *, by, reason: str = "") -> None:
    """A transition's effect: the hub's coordinators read the decision, its amount, its
    tranches and its motivation."""
    from projects.services.dossiers import DOSSIER_MOVED_KIND

    for dossier in dossiers:
        decision = Decision.objects.get(dossier=dossier)
        notify(
            recipients=HUB_COORDINATORS,
            kind=DOSSIER_MOVED_KIND,
            template="projects/email/decision",
            obj=dossier,
            context={
                "decision": decision,
                "amount": euros(decision.amount_granted) if decision.approved else "",
                "tranches": [
                    {
                        "label": t.label,
                        "amount": euros(t.amount),
                        "planned_on": t.planned_on,
                        "condition": t.condition_label(),
                    }
                    for t in decision.tranches.select_related("indicator")
                ],
            },
        )


# --- Follow-up -----------------------------------------------------------------------------


def _check_reporter(by, dossier: Dossier) -> None:
    from projects.permissions import FOLLOWED, can_report_follow_up

    if dossier.status not in FOLLOWED or (by is not None and not can_report_follow_up(by, dossier)):
        raise PermissionDenied(
            _("Le suivi de « %(dossier)s » (%(status)s) n'est pas ouvert à vos envois.")
            % {"dossier": dossier, "status": dossier.get_status_display()}
        )


@transaction.atomic
def report_indicator(
    *, indicator: Indicator, year: int, value, by, comment: str = ""
) -> IndicatorReport:
    """The value the hub reports for ``indicator`` in ``year`` (once per year; reporting
    again corrects it)."""
    dossier = Dossier.objects.select_for_update().get(pk=indicator.dossier_id)
    _check_reporter(by, dossier)
    if year not in YEARS:
        raise ValidationError(_("L'année va de 1 à 3."))
    if value is None:
        raise ValidationError(_("Indiquez la valeur atteinte."))
    report, _created = IndicatorReport.objects.update_or_create(
        indicator=indicator,
        year=year,
        defaults={"value": value, "comment": comment.strip(), "reported_by": by},
    )
    return report


@transaction.atomic
def add_follow_up_document(
    *, dossier: Dossier, kind: str, upload, by, title: str = ""
) -> FollowUpDocument:
    """A report or minutes the hub sends; its type and size are checked."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    _check_reporter(by, dossier)
    if kind not in DocumentKind.values:
        raise ValidationError(_("Choisissez le type de document."))
    validate_upload(upload)
    return FollowUpDocument.objects.create(
        dossier=dossier, kind=kind, title=title.strip(), file=upload, uploaded_by=by
    )


@transaction.atomic
def release_tranche(*, tranche: Tranche, by) -> Tranche:
    """The national team releases ``tranche`` once its condition is met (ValidationError
    says what is still awaited); the hub is told."""
    from projects.permissions import FOLLOWED, can_release_tranche

    tranche = (
        Tranche.objects.select_for_update(of=("self",))
        .select_related("decision__dossier__hub", "indicator")
        .get(pk=tranche.pk)
    )
    dossier = tranche.decision.dossier
    if by is not None and not can_release_tranche(by, dossier):
        raise PermissionDenied(_("Seule l'équipe nationale verse les tranches."))
    if tranche.released:
        raise ValidationError(
            _("« %(tranche)s » a déjà été versée le %(date)s.")
            % {
                "tranche": tranche,
                "date": timezone.localtime(tranche.released_at).strftime("%d/%m/%Y"),
            }
        )
    if dossier.status not in FOLLOWED:
        raise ValidationError(
            _("« %(dossier)s » est « %(status)s » : aucune tranche ne peut être versée.")
            % {"dossier": dossier, "status": dossier.get_status_display()}
        )
    unmet = unmet_condition(tranche, FollowUpState.of(dossier))
    if unmet:
        raise ValidationError(unmet, code="condition_unmet")
    tranche.released_at = timezone.now()
    tranche.released_by = by
    tranche.save(update_fields=["released_at", "released_by"])
    log(
        instance=dossier,
        action=RELEASE_LOG_ACTION,
        user=by,
        data={"tranche": tranche.label, "amount": str(tranche.amount)},
    )
    notify(
        recipients=HUB_COORDINATORS,
        kind=TRANCHE_RELEASED_KIND,
        template="projects/email/tranche_released",
        obj=dossier,
        context={"tranche": tranche, "amount": euros(tranche.amount)},
    )
    return tranche
