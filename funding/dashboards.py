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

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.utils import timezone

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
LISTED = 50  # deadlines listed at most; the count says how many there are in all
ZERO = Decimal(0)
MONEY = DecimalField(max_digits=14, decimal_places=2)

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


def _year():
    """The year an application's money counts for: its decision's, else its submission's,
    else its creation's."""
    return ExtractYear(Coalesce("decided_on", "submitted_on", TruncDate("created_at")))


def stages(applications) -> list[Stage]:
    """Count and amounts (requested, granted, received) of ``applications`` at each stage, in
    the pipeline's order (two queries)."""
    rows = (
        applications.order_by()
        .values("status")
        .annotate(
            count=Count("pk"),
            requested=Sum("amount_requested"),
            granted=Sum("amount_granted"),
        )
    )
    found = {row["status"]: row for row in rows}
    received = dict(
        Payment.objects.filter(application__in=applications.values("pk"), received_on__isnull=False)
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


def raised(applications) -> dict[tuple[int, int, str], Decimal]:
    """Money raised by ``applications``, by (lead hub id, year, source type) (two queries)."""
    won = applications.filter(status__in=WON)
    totals: dict[tuple[int, int, str], Decimal] = defaultdict(lambda: ZERO)
    granted = (
        won.order_by()
        .annotate(year=_year())
        .values("hub", "year", "call__programme__funder__type")
        .annotate(total=Sum(Coalesce("amount_granted", Value(ZERO), output_field=MONEY)))
    )
    for row in granted:
        source = SOURCE_OF_FUNDER.get(row["call__programme__funder__type"], SourceType.PRIVATE)
        totals[(row["hub"], row["year"], source)] += row["total"] or ZERO
    lines = (
        FinancingLine.objects.filter(
            application__in=won.values("pk"), status=LineStatus.SECURED, is_requested=False
        )
        .order_by()
        .annotate(
            hub=F("application__hub"),
            year=ExtractYear(
                Coalesce(
                    "application__decided_on",
                    "application__submitted_on",
                    TruncDate("application__created_at"),
                )
            ),
        )
        .values("hub", "year", "source_type")
        .annotate(total=Sum("amount"))
    )
    for row in lines:
        totals[(row["hub"], row["year"], row["source_type"])] += row["total"] or ZERO
    return {key: amount for key, amount in totals.items() if key[1] is not None}


def rates(applications) -> dict[tuple[int, str], Rate]:
    """Decided and won ``applications`` by (lead hub id, funder type of the call) (one query)."""
    rows = (
        applications.filter(status__in=DECIDED)
        .order_by()
        .values("hub", "call__programme__funder__type")
        .annotate(decided=Count("pk"), won=Count("pk", filter=Q(status__in=WON)))
    )
    return {
        (row["hub"], row["call__programme__funder__type"]): Rate(row["decided"], row["won"])
        for row in rows
    }


def deadlines(applications, today: datetime.date):
    """(upcoming, their count, overdue reports, their count): the deadlines not done within
    ``UPCOMING_DAYS``, and the reports past due (four queries)."""
    pending = Deadline.objects.filter(
        application__in=applications.values("pk"), done_on__isnull=True
    ).select_related("application__hub")
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
    applications = Application.objects.all()
    if hub is not None:
        applications = applications.filter(hub=hub)
    upcoming, upcoming_count, overdue, overdue_count = deadlines(applications, today)
    money = raised(applications)
    return Figures(
        stages=stages(applications),
        raised=money,
        rates=rates(applications),
        upcoming=upcoming,
        upcoming_count=upcoming_count,
        overdue=overdue,
        overdue_count=overdue_count,
        today=today,
        years=sorted({year for _hub, year, _source in money}),
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
        Deadline.objects.filter(application__hub__in=ids, done_on__isnull=True)
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
