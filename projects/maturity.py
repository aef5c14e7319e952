"""The maturity rule a solution meets, stated plainly on its page ("Éprouvée : fonctionne
depuis 26 mois, 3 indicateurs mesurés"), from the rules of ``projects.models.solutions``."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.models import (
    MATURITY_RANK,
    PROVEN_MIN_MONTHS,
    SCALING_MIN_DEPARTEMENTS,
    SCALING_MIN_DEPLOYMENTS,
    Maturity,
    Solution,
    SolutionDocument,
)


@dataclass
class MaturityStatement:
    level: str
    label: str
    facts: str  # what the solution shows: "fonctionne depuis 26 mois, 3 indicateurs mesurés"
    rule: str  # what the level takes
    shortfalls: list[str] = field(default_factory=list)  # what it no longer shows

    @property
    def sentence(self) -> str:
        return f"{self.label} : {self.facts}" if self.facts else self.label


def rule_of(level: str) -> str:
    if level == Maturity.IDEA:
        return _("Une idée décrite par son organisation, pas encore mise en œuvre.")
    if level == Maturity.PILOT:
        return _("Une expérimentation en cours, déclarée par son organisation.")
    proven = _(
        "Éprouvée : fonctionne depuis au moins %(months)d mois, avec au moins un indicateur "
        "mesuré ou une évaluation, vérifié par le hub."
    ) % {"months": PROVEN_MIN_MONTHS}
    if level == Maturity.PROVEN:
        return proven
    return (
        proven
        + " "
        + _(
            "En essaimage : de plus, déployée à au moins %(count)d endroits dans au moins "
            "%(deps)d départements."
        )
        % {"count": SCALING_MIN_DEPLOYMENTS, "deps": SCALING_MIN_DEPARTEMENTS}
    )


def maturity_statement(solution: Solution, *, active_deployments: list) -> MaturityStatement:
    """What ``solution``'s level rests on (indicators and documents prefetched)."""
    level = solution.maturity
    facts = []
    months = solution.months_running()
    if solution.started_on:
        facts.append(
            ngettext(
                "fonctionne depuis %(count)d mois",
                "fonctionne depuis %(count)d mois",
                months,
            )
            % {"count": months}
        )
    measured = sum(1 for i in solution.indicators.all() if i.value is not None)
    evaluations = sum(
        1 for d in solution.documents.all() if d.kind == SolutionDocument.Kind.EVALUATION
    )
    if measured:
        facts.append(
            ngettext("%(count)d indicateur mesuré", "%(count)d indicateurs mesurés", measured)
            % {"count": measured}
        )
    if evaluations:
        facts.append(
            ngettext("%(count)d évaluation", "%(count)d évaluations", evaluations)
            % {"count": evaluations}
        )
    if active_deployments:
        places = len({d.departement_id for d in active_deployments})
        facts.append(
            ngettext(
                "%(count)d déploiement en cours",
                "%(count)d déploiements en cours",
                len(active_deployments),
            )
            % {"count": len(active_deployments)}
            + " "
            + ngettext("dans %(count)d département", "dans %(count)d départements", places)
            % {"count": places}
        )
    shortfalls = []
    if MATURITY_RANK[level] >= MATURITY_RANK[Maturity.PROVEN]:
        shortfalls = solution.maturity_shortfalls(level, deployments=active_deployments)
    return MaturityStatement(
        level=level,
        label=str(Maturity(level).label),
        facts=", ".join(facts),
        rule=rule_of(level),
        shortfalls=[str(s) for s in shortfalls],
    )
