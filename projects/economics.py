"""The three-year economic model of a dossier, and the rules a call sets for it.

Pure computation on plain figures (no database): the dossier page recomputes it on every
keystroke's round trip and the review recomputes it for every dossier of a call, so it must
stay cheap (bench/bench_review.py measures it). Money is ``Decimal``; shares are percentages.

- costs: the expenses of each year; resources: every financing source of that year;
- balance = resources - costs, and its running total;
- own-revenue share = own revenues / costs of that year;
- dependence on the funder = the call's funder's share of the costs, per year and over
  three years;
- break-even year: the first year in which the resources *other than this funder's* cover
  the costs — the year the activity would hold without the call.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

YEARS = (1, 2, 3)
ZERO = Decimal("0")


class SourceKind(models.TextChoices):
    FUNDER = "funder", _("Cet appel (Banque des territoires)")
    EU = "eu", _("Fonds européens")
    STATE = "state", _("État")
    LOCAL = "local", _("Collectivités territoriales")
    PRIVATE = "private", _("Financeurs privés")
    OWN = "own", _("Recettes propres")


class RuleKind(models.TextChoices):
    FUNDER_SHARE_MAX = (
        "funder_share_max",
        _("Part de cet appel dans le budget sur trois ans, au plus (%)"),
    )
    OWN_REVENUE_MIN = "own_revenue_min", _("Recettes propres en année 3, au moins (% des coûts)")
    BALANCED_EACH_YEAR = "balanced_each_year", _("Chaque année équilibrée (ressources ≥ coûts)")
    BREAK_EVEN_BY = "break_even_by", _("Équilibre sans cet appel atteint au plus tard l'année")
    SECURED_MIN = "secured_min", _("Financements acquis en année 1, au moins (% des ressources)")


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    """A budget or financing line: three yearly amounts."""

    amounts: tuple[Decimal, Decimal, Decimal]
    kind: str = ""  # the expense category or the financing SourceKind
    secured: bool = True

    def year(self, year: int) -> Decimal:
        return self.amounts[year - 1] or ZERO


@dataclass(frozen=True)
class Year:
    year: int
    costs: Decimal
    resources: Decimal
    own_revenues: Decimal
    funder: Decimal
    secured: Decimal
    cumulative: Decimal

    @property
    def balance(self) -> Decimal:
        return self.resources - self.costs

    @property
    def own_share(self) -> Decimal | None:
        return percent(self.own_revenues, self.costs)

    @property
    def funder_share(self) -> Decimal | None:
        return percent(self.funder, self.costs)

    @property
    def holds_without_funder(self) -> bool:
        return self.costs > 0 and self.resources - self.funder >= self.costs


@dataclass(frozen=True)
class EconomicModel:
    years: tuple[Year, Year, Year]

    @classmethod
    def compute(cls, expenses: Iterable[Line], financing: Iterable[Line]) -> "EconomicModel":
        expenses, financing = list(expenses), list(financing)
        years, cumulative = [], ZERO
        for y in YEARS:
            costs = sum((line.year(y) for line in expenses), ZERO)
            resources = sum((line.year(y) for line in financing), ZERO)
            cumulative += resources - costs
            years.append(
                Year(
                    year=y,
                    costs=costs,
                    resources=resources,
                    own_revenues=sum(
                        (line.year(y) for line in financing if line.kind == SourceKind.OWN), ZERO
                    ),
                    funder=sum(
                        (line.year(y) for line in financing if line.kind == SourceKind.FUNDER),
                        ZERO,
                    ),
                    secured=sum((line.year(y) for line in financing if line.secured), ZERO),
                    cumulative=cumulative,
                )
            )
        return cls(years=tuple(years))

    @property
    def total_costs(self) -> Decimal:
        return sum((y.costs for y in self.years), ZERO)

    @property
    def total_resources(self) -> Decimal:
        return sum((y.resources for y in self.years), ZERO)

    @property
    def total_funder(self) -> Decimal:
        return sum((y.funder for y in self.years), ZERO)

    @property
    def funder_share(self) -> Decimal | None:
        return percent(self.total_funder, self.total_costs)

    @property
    def break_even_year(self) -> int | None:
        return next((y.year for y in self.years if y.holds_without_funder), None)

    def year(self, year: int) -> Year:
        return self.years[year - 1]


@dataclass(frozen=True)
class Rule:
    kind: str
    threshold: Decimal = ZERO


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    passed: bool
    message: str


def _pct(value: Decimal | None) -> str:
    from hubsite.charts import format_number

    return format_number(value if value is not None else 0)


def _eur(value: Decimal) -> str:
    from hubsite.charts import format_number

    return format_number(value, "€")


def check(model: EconomicModel, rules: Sequence[Rule]) -> list[RuleResult]:
    """Each rule of the call judged on ``model``, with a plain French message saying what the
    figures are and what the call asks."""
    results = []
    for rule in rules:
        passed, facts = _judge(model, rule)
        results.append(RuleResult(rule=rule, passed=passed, message=_message(rule, facts)))
    return results


def rules_met(model: EconomicModel, rules: Sequence[Rule]) -> int:
    """How many of ``rules`` ``model`` meets, without writing their messages (a call's
    comparison table judges every dossier)."""
    return sum(_judge(model, rule)[0] for rule in rules)


def _judge(model: EconomicModel, rule: Rule) -> tuple[bool, dict]:
    """Whether ``model`` meets ``rule``, and the figures its message names."""
    t = rule.threshold
    if rule.kind == RuleKind.FUNDER_SHARE_MAX:
        share = model.funder_share or ZERO
        return share <= t, {"share": share}
    if rule.kind == RuleKind.OWN_REVENUE_MIN:
        year3 = model.year(3)
        share = year3.own_share or ZERO
        return year3.costs > 0 and share >= t, {"share": share}
    if rule.kind == RuleKind.BALANCED_EACH_YEAR:
        short = [y for y in model.years if y.balance < 0]
        return not short, {"short": short}
    if rule.kind == RuleKind.BREAK_EVEN_BY:
        year = model.break_even_year
        return year is not None and year <= t, {"year": year}
    if rule.kind == RuleKind.SECURED_MIN:
        year1 = model.year(1)
        share = percent(year1.secured, year1.resources) or ZERO
        return share >= t, {"share": share}
    raise ValueError(f"unknown rule kind {rule.kind!r}")


def _message(rule: Rule, facts: dict) -> str:
    t = rule.threshold
    if rule.kind == RuleKind.FUNDER_SHARE_MAX:
        message = _(
            "Sur trois ans, cet appel finance %(share)s %% du budget ; l'appel en accepte au plus "
            "%(t)s %%."
        ) % {"share": _pct(facts["share"]), "t": _pct(t)}
    elif rule.kind == RuleKind.OWN_REVENUE_MIN:
        message = _(
            "En année 3, les recettes propres couvrent %(share)s %% des coûts ; l'appel en "
            "demande au moins %(t)s %%."
        ) % {"share": _pct(facts["share"]), "t": _pct(t)}
    elif rule.kind == RuleKind.BALANCED_EACH_YEAR:
        if not facts["short"]:
            message = _("Chaque année, les ressources couvrent les coûts.")
        else:
            message = " ".join(
                _("En année %(year)d, il manque %(gap)s pour couvrir les coûts.")
                % {"year": y.year, "gap": _eur(-y.balance)}
                for y in facts["short"]
            )
    elif rule.kind == RuleKind.BREAK_EVEN_BY:
        if facts["year"] is None:
            message = _(
                "Sans cet appel, aucune des trois années n'est équilibrée ; l'appel demande "
                "l'équilibre au plus tard en année %(t)d."
            ) % {"t": int(t)}
        else:
            message = _(
                "Sans cet appel, l'activité s'équilibre en année %(year)d ; l'appel le demande au "
                "plus tard en année %(t)d."
            ) % {"year": facts["year"], "t": int(t)}
    else:  # RuleKind.SECURED_MIN, the last kind _judge knows
        message = _(
            "En année 1, %(share)s %% des ressources sont acquises ; l'appel en demande au moins "
            "%(t)s %%."
        ) % {"share": _pct(facts["share"]), "t": _pct(t)}
    return str(message)


def chart(model: EconomicModel):
    """The three years drawn: costs and resources side by side, the cumulative balance over
    them (``hubsite.charts``; the table beside it carries the same figures)."""
    from django.utils.translation import gettext as _

    from hubsite.charts import BarChart, Series

    return BarChart(
        title=_("Coûts et ressources sur trois ans"),
        desc=_("Pour chaque année du projet, les coûts, les ressources et le solde cumulé."),
        groups=[_("Année %(year)d") % {"year": y.year} for y in model.years],
        series=[
            Series(_("Coûts"), [y.costs for y in model.years]),
            Series(_("Ressources"), [y.resources for y in model.years]),
        ],
        line=Series(_("Solde cumulé"), [y.cumulative for y in model.years]),
        unit="€",
    )
