"""The figures of the funding dashboards, for one hub or for every hub, by aggregate queries.

Every figure is grouped in the database (by stage, funder type, year, source type, hub):
the cost is a fixed number of queries whatever the number of applications and hubs, and
Python only arranges the few aggregated rows into charts (``funding.dashboard_charts``).

What counts (said on the pages too):

- a hub's figures are those of the applications it leads (a partner's share is in the lead
  hub's plan, so counting it twice would inflate the national total);
- money raised: for each application granted (granted, partly granted or any later stage),
  the amount granted by the call's funder, classed by that funder's type, plus the other
  lines of its co-financing plan marked secured, classed by their origin; in the year of the
  decision (failing that, of the submission; failing that, of the creation);
- success rate: granted (or partly, or later stages) over decided (those plus refused).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from funding.deadlines import running
from funding.models import (
    DECIDED,
    WON,
    Application,
    Deadline,
    DeadlineKind,
    FinancingLine,
    FunderType,
    LineStatus,
    Payment,
    SourceType,
    Status,
)

UPCOMING_DAYS = 60
LISTED = 25  # deadlines listed at most; the count says how many there are in all
ZERO = Decimal(0)
YEARS_SHOWN = 6  # as many as the charts have distinct fills and patterns

# The origin of the money a call's funder grants.
SOURCE_OF_FUNDER = {
    FunderType.EU: SourceType.EU,
    FunderType.STATE: SourceType.STATE,
    FunderType.REGION: SourceType.LOCAL,
    FunderType.DEPARTEMENT: SourceType.LOCAL,
    FunderType.MUNICIPALITY: SourceType.LOCAL,
    FunderType.FOUNDATION: SourceType.PRIVATE,
    FunderType.COMPANY: SourceType.PRIVATE,
}
# Still in progress: neither refused, withdrawn nor closed.
ACTIVE_EXCLUDED = frozenset({Status.REJECTED, Status.WITHDRAWN, Status.CLOSED})


@dataclass
class Stage:
    status: str
    label: str
    count: int = 0
    requested: Decimal = ZERO
    granted: Decimal = ZERO
    received: Decimal = ZERO


@dataclass
class Rate:
    """Decided and won applications of one group (a funder type, a hub)."""

    decided: int = 0
    won: int = 0

    @property
    def percent(self) -> float | None:
        return round(100 * self.won / self.decided, 1) if self.decided else None


@dataclass
class Figures:
    """A dashboard's figures. ``raised[(hub id, year, source type)]`` is the money raised;
    ``rates[(hub id, funder type)]`` the decided and won applications."""

    stages: list[Stage]
    raised: dict[tuple[int, int, str], Decimal]
    rates: dict[tuple[int, str], Rate]
    upcoming: list[Deadline]
    upcoming_count: int
    overdue: list[Deadline]
    overdue_count: int
    today: datetime.date
    years: list[int] = field(default_factory=list)

    def raised_by_year_and_source(self) -> dict[tuple[int, str], Decimal]:
        totals: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
        for (_hub, year, source), amount in self.raised.items():
            totals[(year, source)] += amount
        return totals

    def raised_by_hub_and_year(self) -> dict[tuple[int, int], Decimal]:
        totals: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
        for (hub, year, _source), amount in self.raised.items():
            totals[(hub, year)] += amount
        return totals

    def rate_by_funder_type(self) -> dict[str, Rate]:
        return _sum_rates(self.rates, index=1)

    def rate_by_hub(self) -> dict[int, Rate]:
        return _sum_rates(self.rates, index=0)

    @property
    def total(self) -> Stage:
        total = Stage(status="", label="")
        for stage in self.stages:
            total.count += stage.count
            total.requested += stage.requested
            total.granted += stage.granted
            total.received += stage.received
        return total


def _sum_rates(rates: dict, *, index: int) -> dict:
    summed: dict = defaultdict(Rate)
    for key, rate in rates.items():
        summed[key[index]].decided += rate.decided
        summed[key[index]].won += rate.won
    return dict(summed)


def _in(hub, prefix: str = "") -> dict:
    """The filter of the rows of ``hub``'s applications (``prefix`` leads to the
    application), or of every row when ``hub`` is None: no subquery of every application."""
    return {} if hub is None else {f"{prefix}hub": hub}


def applications_of(hub):
    return Application.objects.filter(**_in(hub))


def _counted_on(prefix: str = ""):
    """The day an application's money counts for: its decision's, else its submission's,
    else its creation's."""
    return Coalesce(
        f"{prefix}decided_on", f"{prefix}submitted_on", TruncDate(f"{prefix}created_at")
    )


def stages(hub) -> list[Stage]:
    """Count and amounts (requested, granted, received) of ``hub``'s (or every hub's)
    applications at each stage, in the pipeline's order (two queries)."""
    rows = (
        applications_of(hub)
        .order_by()
        .values("status")
        .annotate(
            count=Count("pk"),
            requested=Sum("amount_requested"),
            granted=Sum("amount_granted"),
        )
    )
    found = {row["status"]: row for row in rows}
    received = dict(
        Payment.objects.filter(**_in(hub, "application__"), received_on__isnull=False)
        .order_by()
        .values_list("application__status")
        .annotate(total=Sum("amount"))
    )
    result = []
    for status in Status:
        row = found.get(status.value, {})
        result.append(
            Stage(
                status=status.value,
                label=str(status.label),
                count=row.get("count", 0),
                requested=row.get("requested") or ZERO,
                granted=row.get("granted") or ZERO,
                received=received.get(status.value) or ZERO,
            )
        )
    return result


def raised_years(hub) -> list[int]:
    """The last ``YEARS_SHOWN`` years, up to the latest one in which ``hub``'s (or every
    hub's) granted applications count (one query)."""
    won = applications_of(hub).filter(status__in=WON)
    span = won.order_by().aggregate(first=Min(_counted_on()), last=Max(_counted_on()))
    if span["last"] is None:
        return []
    first, last = _as_date(span["first"]).year, _as_date(span["last"]).year
    return list(range(max(first, last - YEARS_SHOWN + 1), last + 1))


def _as_date(value) -> datetime.date:
    # SQLite hands a coalesced date back as text.
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _by_year(amount: str, years: list[int]) -> dict:
    """One sum of ``amount`` per year, over the rows whose ``counted_on`` falls in it: plain
    date comparisons, which the database does without a function call per row."""
    return {
        f"y{year}": Sum(
            amount,
            filter=Q(
                counted_on__gte=datetime.date(year, 1, 1),
                counted_on__lte=datetime.date(year, 12, 31),
            ),
        )
        for year in years
    }


def raised(hub, years: list[int]) -> dict[tuple[int, int, str], Decimal]:
    """Money raised by ``hub``'s (or every hub's) applications in ``years``, by (lead hub
    id, year, source type) (two queries)."""
    totals: dict[tuple[int, int, str], Decimal] = defaultdict(lambda: ZERO)
    if not years:
        return {}
    won = applications_of(hub).filter(status__in=WON).order_by()
    granted = (
        won.annotate(counted_on=_counted_on())
        .values("hub", "call__programme__funder__type")
        .annotate(**_by_year("amount_granted", years))
    )
    for row in granted:
        source = SOURCE_OF_FUNDER.get(row["call__programme__funder__type"], SourceType.PRIVATE)
        for year in years:
            totals[(row["hub"], year, source)] += row[f"y{year}"] or ZERO
    lines = (
        FinancingLine.objects.filter(
            application__status__in=WON, status=LineStatus.SECURED, is_requested=False
        )
        .filter(**_in(hub, "application__"))
        .order_by()
        .annotate(counted_on=_counted_on("application__"))
        .values("application__hub", "source_type")
        .annotate(**_by_year("amount", years))
    )
    for row in lines:
        for year in years:
            totals[(row["application__hub"], year, row["source_type"])] += row[f"y{year}"] or ZERO
    return {key: amount for key, amount in totals.items() if amount}


def rates(hub) -> dict[tuple[int, str], Rate]:
    """Decided and won applications of ``hub`` (or every hub) by (lead hub id, funder type
    of the call) (one query)."""
    rows = (
        applications_of(hub)
        .filter(status__in=DECIDED)
        .order_by()
        .values("hub", "call__programme__funder__type")
        .annotate(decided=Count("pk"), won=Count("pk", filter=Q(status__in=WON)))
    )
    return {
        (row["hub"], row["call__programme__funder__type"]): Rate(row["decided"], row["won"])
        for row in rows
    }


def deadlines(hub, today: datetime.date):
    """(upcoming, their count, overdue reports, their count): the deadlines not done within
    ``UPCOMING_DAYS``, and the reports past due, of the applications still running (those
    ``funding.deadlines`` reminds of; four queries)."""
    pending = Deadline.objects.filter(running(), **_in(hub, "application__"), done_on__isnull=True)
    pending = pending.select_related("application__hub")
    upcoming = pending.filter(
        due_on__gte=today, due_on__lte=today + datetime.timedelta(days=UPCOMING_DAYS)
    ).order_by("due_on", "pk")
    overdue = pending.filter(kind=DeadlineKind.REPORT, due_on__lt=today).order_by("due_on", "pk")
    return (
        list(upcoming[:LISTED]),
        upcoming.count(),
        list(overdue[:LISTED]),
        overdue.count(),
    )


def figures(*, hub=None, today: datetime.date | None = None) -> Figures:
    """The dashboard of ``hub`` (the applications it leads), or of every hub when None."""
    today = today or timezone.localdate()
    upcoming, upcoming_count, overdue, overdue_count = deadlines(hub, today)
    years = raised_years(hub)
    return Figures(
        stages=stages(hub),
        raised=raised(hub, years),
        rates=rates(hub),
        upcoming=upcoming,
        upcoming_count=upcoming_count,
        overdue=overdue,
        overdue_count=overdue_count,
        today=today,
        years=years,
    )


@dataclass
class HubSummary:
    """A hub's line on the desk's funding panel."""

    hub: object
    active: int = 0
    requested: Decimal = ZERO
    granted: Decimal = ZERO
    upcoming: int = 0
    overdue: int = 0


def summaries(hubs, today: datetime.date | None = None) -> list[HubSummary]:
    """For each of ``hubs`` (a list), its applications in progress and their money, its
    deadlines within ``UPCOMING_DAYS`` and its overdue reports (two queries)."""
    today = today or timezone.localdate()
    ids = [hub.pk for hub in hubs]
    apps = (
        Application.objects.filter(hub__in=ids)
        .exclude(status__in=ACTIVE_EXCLUDED)
        .order_by()
        .values("hub")
        .annotate(
            active=Count("pk"), requested=Sum("amount_requested"), granted=Sum("amount_granted")
        )
    )
    dates = (
        Deadline.objects.filter(running(), application__hub__in=ids, done_on__isnull=True)
        .order_by()
        .values("application__hub")
        .annotate(
            upcoming=Count(
                "pk",
                filter=Q(
                    due_on__gte=today,
                    due_on__lte=today + datetime.timedelta(days=UPCOMING_DAYS),
                ),
            ),
            overdue=Count("pk", filter=Q(kind=DeadlineKind.REPORT, due_on__lt=today)),
        )
    )
    by_hub = {row["hub"]: row for row in apps}
    dates_by_hub = {row["application__hub"]: row for row in dates}
    result = []
    for hub in hubs:
        row, due = by_hub.get(hub.pk, {}), dates_by_hub.get(hub.pk, {})
        result.append(
            HubSummary(
                hub=hub,
                active=row.get("active", 0),
                requested=row.get("requested") or ZERO,
                granted=row.get("granted") or ZERO,
                upcoming=due.get("upcoming", 0),
                overdue=due.get("overdue", 0),
            )
        )
    return result
