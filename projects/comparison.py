"""A call's comparison table: one row per dossier, computed in a fixed number of queries
whatever the number of dossiers and reviewers."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from projects import economics, scoring
from projects.models import (
    ExpenseLine,
    FinancingLine,
    ProjectCall,
    Recommendation,
    Review,
    ReviewStatus,
)

REVIEWER_FIELDS = ("username", "first_name", "last_name")


@dataclass(frozen=True)
class Row:
    scores: scoring.DossierScores
    by_reviewer: dict[int, Decimal | None]
    rules_met: int
    rules_total: int
    reviewer_ids: tuple[int, ...] = ()  # everyone assigned, sent or not

    @property
    def dossier(self):
        return self.scores.dossier


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """What the table reads of a review: no model instance (a large call has a thousand)."""

    pk: int
    dossier_id: int
    reviewer_id: int
    status: str
    recommendation: str

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED


def review_lines_of(call: ProjectCall) -> dict[int, list[ReviewLine]]:
    """{dossier id: its reviews}, in one query of plain tuples."""
    lines: dict[int, list[ReviewLine]] = {}
    fields = ("pk", "dossier_id", "reviewer_id", "status", "recommendation")
    for values in Review.objects.filter(dossier__call=call).order_by("pk").values_list(*fields):
        line = ReviewLine(*values)
        lines.setdefault(line.dossier_id, []).append(line)
    return lines


def comparison_rows(call: ProjectCall) -> list[Row]:
    criteria = scoring.criteria_of(call)
    rules = call.economic_rules()
    # The table shows a dossier's title and hub: its long texts stay in the database.
    dossiers = call.dossiers.select_related("hub").only("pk", "title", "call_id", "hub__name")
    expenses, financing = budget_lines_of(call)
    reviews = review_lines_of(call)
    rows = []
    for scores in scoring.dossier_scores(
        dossiers, criteria, scoring.marks_of(call), reviews=reviews
    ):
        pk = scores.dossier.pk
        model = economics.EconomicModel.compute(expenses.get(pk, ()), financing.get(pk, ()))
        rows.append(
            Row(
                scores=scores,
                by_reviewer={review.reviewer_id: total for review, total in scores.totals},
                rules_met=economics.rules_met(model, rules),
                rules_total=len(rules),
                reviewer_ids=tuple(review.reviewer_id for review in reviews.get(pk, ())),
            )
        )
    return rows


def budget_lines_of(call: ProjectCall) -> tuple[dict, dict]:
    """({dossier id: expense lines}, {dossier id: financing lines}) of ``call``'s dossiers, as
    ``Dossier.economic_model`` reads them, in two queries of plain tuples."""
    expenses: dict[int, list] = {}
    lines = ExpenseLine.objects.filter(dossier__call=call).order_by("pk")
    for dossier_id, kind, *amounts in lines.values_list(
        "dossier_id", "category", "year1", "year2", "year3"
    ):
        expenses.setdefault(dossier_id, []).append(economics.Line(tuple(amounts), kind))
    financing: dict[int, list] = {}
    lines = FinancingLine.objects.filter(dossier__call=call).order_by("pk")
    for dossier_id, kind, secured, *amounts in lines.values_list(
        "dossier_id", "source", "secured", "year1", "year2", "year3"
    ):
        financing.setdefault(dossier_id, []).append(economics.Line(tuple(amounts), kind, secured))
    return expenses, financing


def reviewers_of(rows: list[Row]) -> list:
    """Every reviewer assigned to one of the rows' dossiers, by name (one query)."""
    ids = {pk for row in rows for pk in row.reviewer_ids}
    people = get_user_model().objects.filter(pk__in=ids).only(*REVIEWER_FIELDS)
    return sorted(people, key=lambda u: (u.last_name, u.first_name, u.pk))


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    missing = Decimal(-1)
    keys = {
        "score": lambda row: row.scores.score if row.scores.score is not None else missing,
        "spread": lambda row: row.scores.spread if row.scores.spread is not None else missing,
        "hub": lambda row: row.dossier.hub.name,
    }
    return sorted(rows, key=keys[key], reverse=descending)


def export_rows(rows: list[Row], reviewers: list):
    """The table as a spreadsheet: the heading, then one line per dossier."""
    names = [reviewer.get_full_name() or reviewer.username for reviewer in reviewers]
    yield [
        _("Dossier"),
        _("Hub"),
        _("Note pondérée (sur 100)"),
        *names,
        _("Écart"),
        _("Désaccord"),
        *[label for _value, label in Recommendation.choices],
        _("Relectures en attente"),
        _("Règles économiques respectées"),
    ]
    for row in rows:
        recommendations = row.scores.recommendations()
        yield [
            row.dossier.title,
            row.dossier.hub.name,
            row.scores.score,
            *[row.by_reviewer.get(reviewer.pk) for reviewer in reviewers],
            row.scores.spread,
            _("oui") if row.scores.disagreement else _("non"),
            *[recommendations[value] for value in Recommendation.values],
            row.scores.pending,
            f"{row.rules_met}/{row.rules_total}",
        ]
