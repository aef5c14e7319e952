"""factory_boy factories for the calls for projects and the hubs' dossiers."""

import datetime

import factory
from factory.django import DjangoModelFactory

from projects.economics import RuleKind, SourceKind
from projects.models import (
    Criterion,
    Dossier,
    EconomicRule,
    ExpenseCategory,
    ExpenseLine,
    FinancingLine,
    GridSection,
    ProjectCall,
    ScoringGrid,
)


class ScoringGridFactory(DjangoModelFactory):
    class Meta:
        model = ScoringGrid

    title = factory.Sequence(lambda n: f"Grille {n}")


class ProjectCallFactory(DjangoModelFactory):
    class Meta:
        model = ProjectCall

    title = factory.Sequence(lambda n: f"Appel à projets des hubs {2026 + n}")
    slug = factory.Sequence(lambda n: f"appel-{n}")
    envelope = 2_500_000
    opens_on = datetime.date(2026, 9, 1)
    closes_on = datetime.date(2026, 12, 15)
    grid = factory.SubFactory(ScoringGridFactory)


def grid_with(grid: ScoringGrid, *weights: int) -> list[Criterion]:
    """One section per weight given, each with a criterion of that weight."""
    return [
        Criterion.objects.create(
            section=GridSection.objects.create(grid=grid, title=f"Section {i}", position=i),
            title=f"Critère {i}",
            weight=weight,
        )
        for i, weight in enumerate(weights)
    ]


def the_call_s_rules(call: ProjectCall) -> None:
    """The rules the issue gives as its example: this funder at most 50 % of the budget, own
    revenues at least 30 % of the costs in year 3."""
    EconomicRule.objects.create(call=call, kind=RuleKind.FUNDER_SHARE_MAX, threshold=50)
    EconomicRule.objects.create(call=call, kind=RuleKind.OWN_REVENUE_MIN, threshold=30)


class DossierFactory(DjangoModelFactory):
    class Meta:
        model = Dossier

    call = factory.SubFactory(ProjectCallFactory)
    title = factory.Sequence(lambda n: f"Projet {n}")


def budget(dossier: Dossier, costs, *financing) -> None:
    """A staff line of ``costs`` (three years) and one financing line per (source, amounts)."""
    ExpenseLine.objects.create(
        dossier=dossier,
        category=ExpenseCategory.STAFF,
        **dict(zip(("year1", "year2", "year3"), costs, strict=True)),
    )
    for source, amounts in financing:
        FinancingLine.objects.create(
            dossier=dossier,
            source=source,
            secured=source == SourceKind.OWN,
            **dict(zip(("year1", "year2", "year3"), amounts, strict=True)),
        )
