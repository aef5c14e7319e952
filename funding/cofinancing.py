"""The checks of a co-financing plan against the call's rules, as pure functions of figures.

Rates are shares of the total budget (eligible costs). Refused lines count for nothing; the
aid asked of the call is its requested line (else the amount requested). Each check returns
a plain French message saying what is wrong and by how much, or None.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from funding.models.plans import PUBLIC_SOURCES, LineStatus, SourceType

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    source_type: str
    amount: Decimal
    status: str = LineStatus.PENDING
    is_requested: bool = False


@dataclass(frozen=True)
class Plan:
    budget: Decimal
    lines: tuple[Line, ...] = ()
    requested: Decimal = Decimal(0)
    rate_cap: Decimal | None = None
    eu_rate_cap: Decimal | None = None
    public_aid_cap: Decimal | None = None
    counted: tuple[Line, ...] = field(init=False)

    def __post_init__(self):
        object.__setattr__(
            self, "counted", tuple(line for line in self.lines if line.status != LineStatus.REFUSED)
        )

    def total(self, sources: Iterable[str] | None = None) -> Decimal:
        sources = None if sources is None else frozenset(sources)
        return sum(
            (
                line.amount
                for line in self.counted
                if sources is None or line.source_type in sources
            ),
            Decimal(0),
        )

    def asked(self) -> Decimal:
        requested = [line.amount for line in self.counted if line.is_requested]
        return sum(requested, Decimal(0)) if requested else self.requested


def euros(value: Decimal) -> str:
    """12345.5 → « 12 345,50 € » (French grouping, non-breaking spaces)."""
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    whole, cents = f"{rounded:,.2f}".split(".")
    return whole.replace(",", "\u202f") + f",{cents}\u00a0€"


def percent(value: Decimal) -> str:
    text = f"{value.quantize(CENT, rounding=ROUND_HALF_UP):f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')}\u00a0%"


def share(amount: Decimal, budget: Decimal) -> Decimal:
    return amount * HUNDRED / budget if budget else Decimal(0)


def ceiling(budget: Decimal, cap: Decimal) -> Decimal:
    return (budget * cap / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def check_budget(plan: Plan) -> str | None:
    if plan.budget <= 0:
        return _("Indiquez le budget total du projet : les taux se calculent sur lui.")
    return None


def check_rate_cap(plan: Plan) -> str | None:
    """The aid asked of the call within the call's rate cap."""
    if plan.rate_cap is None or plan.budget <= 0:
        return None
    asked, limit = plan.asked(), ceiling(plan.budget, plan.rate_cap)
    if asked <= limit:
        return None
    return _(
        "L'aide demandée (%(asked)s, soit %(rate)s du budget) dépasse le taux maximal de "
        "l'appel (%(cap)s, soit %(limit)s) : réduisez-la de %(over)s."
    ) % {
        "asked": euros(asked),
        "rate": percent(share(asked, plan.budget)),
        "cap": percent(plan.rate_cap),
        "limit": euros(limit),
        "over": euros(asked - limit),
    }


def check_eu_share(plan: Plan) -> str | None:
    """The EU's share within its co-financing cap (by category of region)."""
    if plan.eu_rate_cap is None or plan.budget <= 0:
        return None
    eu, limit = plan.total([SourceType.EU]), ceiling(plan.budget, plan.eu_rate_cap)
    if eu <= limit:
        return None
    return _(
        "Les fonds européens (%(eu)s, soit %(rate)s du budget) dépassent le taux de "
        "cofinancement européen autorisé (%(cap)s, soit %(limit)s) : il manque %(over)s "
        "d'autres financements."
    ) % {
        "eu": euros(eu),
        "rate": percent(share(eu, plan.budget)),
        "cap": percent(plan.eu_rate_cap),
        "limit": euros(limit),
        "over": euros(eu - limit),
    }


def check_public_aid(plan: Plan) -> str | None:
    """All public aid (EU, State, local authorities) within its ceiling."""
    if plan.public_aid_cap is None or plan.budget <= 0:
        return None
    public, limit = plan.total(PUBLIC_SOURCES), ceiling(plan.budget, plan.public_aid_cap)
    if public <= limit:
        return None
    return _(
        "Les aides publiques cumulées (%(public)s, soit %(rate)s du budget) dépassent leur "
        "plafond (%(cap)s, soit %(limit)s) : %(over)s doivent venir de fonds privés ou "
        "d'autofinancement."
    ) % {
        "public": euros(public),
        "rate": percent(share(public, plan.budget)),
        "cap": percent(plan.public_aid_cap),
        "limit": euros(limit),
        "over": euros(public - limit),
    }


def check_balance(plan: Plan) -> str | None:
    """The plan's sources (refused ones aside) add up to the budget."""
    if plan.budget <= 0:
        return None
    total = plan.total()
    if total == plan.budget:
        return None
    if total < plan.budget:
        return _(
            "Le plan de financement (%(total)s) ne couvre pas le budget (%(budget)s) : "
            "il manque %(gap)s."
        ) % {"total": euros(total), "budget": euros(plan.budget), "gap": euros(plan.budget - total)}
    return _("Le plan de financement (%(total)s) dépasse le budget (%(budget)s) de %(gap)s.") % {
        "total": euros(total),
        "budget": euros(plan.budget),
        "gap": euros(total - plan.budget),
    }


CHECKS = (check_budget, check_rate_cap, check_eu_share, check_public_aid, check_balance)


def problems(plan: Plan) -> list[str]:
    """Every message of every check, in a stable order; empty when the plan holds."""
    return [message for check in CHECKS if (message := check(plan))]


def plan_of(application) -> Plan:
    """The plan of an application as stored (its lines and its call's caps)."""
    call = application.call
    return Plan(
        budget=application.total_budget or Decimal(0),
        lines=tuple(
            Line(line.source_type, line.amount or Decimal(0), line.status, line.is_requested)
            for line in application.plan.all()
        ),
        requested=application.amount_requested or Decimal(0),
        rate_cap=call.rate_cap,
        eu_rate_cap=call.eu_rate_cap,
        public_aid_cap=call.public_aid_cap,
    )
