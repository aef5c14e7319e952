"""A call's comparison table: one row per dossier, computed in a fixed number of queries
whatever the number of dossiers and reviewers."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from projects import economics, scoring
from projects.models import ExpenseLine, FinancingLine, ProjectCall, Recommendation, Review

REVIEWER_FIELDS = ("username", "first_name", "last_name")


@dataclass(frozen=True)
class Row:
    scores: scoring.DossierScores
    by_reviewer: dict[int, Decimal | None]
    rules_met: int
    rules_total: int

    @property
    def dossier(self):
        return self.scores.dossier


def comparison_rows(call: ProjectCall) -> list[Row]:
    criteria = scoring.criteria_of(call)
    rules = call.economic_rules()
    # The table reads of each review its state, reviewer and recommendation only: its
    # comments (long texts, a thousand of them in a large call) stay in the database.
    reviews = Review.objects.select_related("reviewer").only(
        "dossier_id", "status", "recommendation", *(f"reviewer__{f}" for f in REVIEWER_FIELDS)
    )
    dossiers = call.dossiers.select_related("hub").prefetch_related(
        Prefetch("reviews", queryset=reviews)
    )
    expenses, financing = budget_lines_of(call)
    rows = []
    for scores in scoring.dossier_scores(dossiers, criteria, scoring.marks_of(call)):
        pk = scores.dossier.pk
        model = economics.EconomicModel.compute(expenses.get(pk, ()), financing.get(pk, ()))
        results = economics.check(model, rules)
        rows.append(
            Row(
                scores=scores,
                by_reviewer={review.reviewer_id: total for review, total in scores.totals},
                rules_met=sum(result.passed for result in results),
                rules_total=len(results),
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
    """Every reviewer who sent a review of one of the rows' dossiers, by name."""
    people = {}
    for row in rows:
        for review in row.scores.dossier.reviews.all():
            people[review.reviewer_id] = review.reviewer
    return sorted(people.values(), key=lambda u: (u.last_name, u.first_name, u.pk))


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
