"""What a dossier in follow-up owes and when, read from its decision: each tranche's
condition met or not, the indicator values due at the end of each year, the end report.
Reads only; the writes are in ``projects.services.decisions``."""

import datetime
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import (
    YEARS,
    Decision,
    DocumentKind,
    Dossier,
    FollowUpDocument,
    IndicatorReport,
    Tranche,
    TrancheCondition,
)

# The document each condition waits for.
CONDITION_DOCUMENTS = {
    TrancheCondition.AGREEMENT: DocumentKind.AGREEMENT,
    TrancheCondition.INTERIM_REPORT: DocumentKind.INTERIM_REPORT,
    TrancheCondition.END_REPORT: DocumentKind.END_REPORT,
}


def anniversary(start: datetime.date, years: int) -> datetime.date:
    """``start`` moved on by ``years`` (29 February falls on 28 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


@dataclass(frozen=True)
class FollowUpState:
    """What the dossier's follow-up holds, read once: the kinds of document received and
    the (indicator, year) pairs reported."""

    documents: frozenset[str]
    reported: frozenset[tuple[int, int]]

    @classmethod
    def of(cls, dossier: Dossier) -> "FollowUpState":
        return cls(
            documents=frozenset(
                FollowUpDocument.objects.filter(dossier=dossier).values_list("kind", flat=True)
            ),
            reported=frozenset(
                IndicatorReport.objects.filter(indicator__dossier=dossier).values_list(
                    "indicator_id", "year"
                )
            ),
        )


def unmet_condition(tranche: Tranche, state: FollowUpState) -> str:
    """Why ``tranche`` cannot be released yet, in French; empty when its condition is met
    (a free-text condition is the national team's to judge)."""
    document = CONDITION_DOCUMENTS.get(tranche.condition)
    if document is not None and document not in state.documents:
        return _("« %(tranche)s » attend : %(document)s, qui n'a pas été reçu.") % {
            "tranche": tranche.label,
            "document": DocumentKind(document).label.lower(),
        }
    if (
        tranche.condition == TrancheCondition.INDICATOR
        and (tranche.indicator_id, tranche.year) not in state.reported
    ):
        return _(
            "« %(tranche)s » attend l'indicateur « %(indicator)s » pour l'année %(year)s, "
            "qui n'a pas été renseigné."
        ) % {"tranche": tranche.label, "indicator": tranche.indicator.label, "year": tranche.year}
    return ""


@dataclass(frozen=True)
class Due:
    """Something the hub owes: what, by when, and whether it is done."""

    label: str
    due_on: datetime.date
    done: bool


def dues(decision: Decision, state: FollowUpState) -> list[Due]:
    """What the hub owes after ``decision``, by date: each indicator's value at the end of
    each year, the documents its tranches wait for (by their planned date), the end report
    (at the end of the third year)."""
    start = timezone.localdate(decision.decided_at)  # the French day, not the UTC one
    items = []
    for indicator in decision.dossier.indicators.all():
        for year in YEARS:
            items.append(
                Due(
                    label=_("Indicateur « %(indicator)s », année %(year)s (cible : %(target)s)")
                    % {
                        "indicator": indicator.label,
                        "year": year,
                        "target": f"{floatformat(indicator.target(year), -2)} {indicator.unit}",
                    },
                    due_on=anniversary(start, year),
                    done=(indicator.pk, year) in state.reported,
                )
            )
    owed = {DocumentKind.END_REPORT: anniversary(start, 3)}
    for tranche in decision.tranches.all():
        document = CONDITION_DOCUMENTS.get(tranche.condition)
        if document is not None:
            owed[document] = min(owed.get(document, tranche.planned_on), tranche.planned_on)
    for kind, due_on in owed.items():
        items.append(
            Due(label=DocumentKind(kind).label, due_on=due_on, done=kind in state.documents)
        )
    return sorted(items, key=lambda item: (item.due_on, item.label))
