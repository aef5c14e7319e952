"""Scores of a call's reviews: each review's weighted total, each dossier's, and how far its
reviewers disagree. Pure computation on prefetched rows (the comparison table reads a whole
call in a fixed number of queries).

A review's total is a percentage: each scored criterion counts its mark over its scale's top,
times its weight; criteria marked "not applicable" leave the total and the weights alike.
"""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from projects.models import Criterion, Dossier, Recommendation, Review, ReviewStatus, Score

# Two reviewers this many points apart (out of 100) disagree: the table flags the dossier.
DISAGREEMENT_POINTS = 20


def review_total(review: Review, criteria: Sequence[Criterion]) -> Decimal | None:
    """``review``'s weighted total out of 100 (prefetch ``scores``); None if nothing scored."""
    return weighted_total(
        {score.criterion_id: score.value for score in review.scores.all()}, criteria
    )


def weighted_total(values: dict[int, int | None], criteria: Sequence[Criterion]) -> Decimal | None:
    """The weighted total out of 100 of the marks ``values`` ({criterion id: mark})."""
    # In whole numbers, every mark brought to the 0-5 scale (a yes is 5): one division at the
    # end, exact, rather than a Decimal one per criterion (a large call has 12,000 marks).
    weighted = weights = 0
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value is None:
            continue
        weighted += criterion.weight * value * (5 // criterion.maximum)
        weights += criterion.weight
    if not weights:
        return None
    total = Decimal(100 * weighted) / Decimal(5 * weights)
    return total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class DossierScores:
    dossier: Dossier
    totals: tuple[tuple[Review, Decimal | None], ...]  # every submitted review, in order
    pending: int  # assigned reviews not submitted yet

    # Cached (a frozen dataclass allows it): the table, its sort and its export read them often.
    @cached_property
    def scored(self) -> list[Decimal]:
        return [total for _review, total in self.totals if total is not None]

    @cached_property
    def score(self) -> Decimal | None:
        if not self.scored:
            return None
        mean = Decimal(statistics.fmean(self.scored))
        return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @cached_property
    def spread(self) -> Decimal | None:
        return max(self.scored) - min(self.scored) if len(self.scored) > 1 else None

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT_POINTS

    def recommendation_counts(self) -> list[tuple[str, int]]:
        """(label, count) of each recommendation given, in the scale's order."""
        counts = self.recommendations()
        return [(label, counts[value]) for value, label in Recommendation.choices if counts[value]]

    def recommendations(self) -> dict[str, int]:
        counts = dict.fromkeys(Recommendation.values, 0)
        for review, _total in self.totals:
            if review.recommendation:
                counts[review.recommendation] += 1
        return counts


def criteria_of(call) -> list[Criterion]:
    """The call's criteria in the grid's order (one query)."""
    return list(
        Criterion.objects.filter(section__grid_id=call.grid_id)
        .select_related("section")
        .order_by("section__position", "section_id", "position", "pk")
    )


def dossier_scores(
    dossiers: Iterable[Dossier],
    criteria: Sequence[Criterion],
    marks: dict | None = None,
    reviews: dict | None = None,
) -> list[DossierScores]:
    """Each dossier's scores (prefetch ``reviews__scores``, or pass ``marks``: {review id:
    {criterion id: mark}}, as :func:`marks_of` reads them): submitted reviews only count.
    ``reviews``, {dossier id: reviews}, stands for the prefetched reviews when given (any
    objects with ``pk``, ``is_submitted``, ``reviewer_id`` and ``recommendation``)."""

    def total(review):
        if marks is None:
            return review_total(review, criteria)
        return weighted_total(marks.get(review.pk, {}), criteria)

    rows = []
    for dossier in dossiers:
        of_dossier = list(dossier.reviews.all()) if reviews is None else reviews.get(dossier.pk, [])
        submitted = [review for review in of_dossier if review.is_submitted]
        rows.append(
            DossierScores(
                dossier=dossier,
                totals=tuple((review, total(review)) for review in submitted),
                pending=len(of_dossier) - len(submitted),
            )
        )
    return rows


def marks_of(call) -> dict[int, dict[int, int | None]]:
    """Every mark of ``call``'s sent reviews, {review id: {criterion id: mark}}, in one query
    of plain tuples (a call's thousands of scores are not worth a model instance each)."""
    marks: dict[int, dict[int, int | None]] = {}
    rows = Score.objects.filter(review__call=call, review__status=ReviewStatus.SUBMITTED)
    for review_id, criterion_id, value in rows.values_list("review_id", "criterion_id", "value"):
        marks.setdefault(review_id, {})[criterion_id] = value
    return marks
