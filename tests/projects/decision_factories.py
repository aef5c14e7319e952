"""A dossier brought before the committee with its reviews, and its decision: what the
decision's and the follow-up's tests start from."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group

from hubsite.roles import FUNDER_REVIEWERS, NATIONAL_TEAM
from projects import services
from projects.economics import SourceKind
from projects.models import DossierStatus, Indicator, Outcome, TrancheCondition
from tests.factories import UserFactory
from tests.projects.review_factories import DossierFactory, ProjectCallFactory, budget, grid_with

PRIVATE_NOTE = "Trésorerie fragile, à surveiller de près"
SHARED_COMMENT = "Un ancrage territorial remarquable"
# Marks 3 and 4 on criteria of weights 2 and 1: 66.7 out of 100.
TOTAL_SHOWN_TO_REVIEWERS = ("66,7", "66.7")


def national_user(**kwargs):
    return UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)], **kwargs)


def dossier_in_committee(hub, *, envelope=2_500_000, reviewer_names_shared=False, **kwargs):
    """A dossier asking this funder €120k over three years, with one indicator and two sent
    reviews (a shared comment, a private note), before the committee."""
    call = ProjectCallFactory(envelope=envelope, reviewer_names_shared=reviewer_names_shared)
    grid_with(call.grid, 2, 1)
    dossier = DossierFactory(
        call=call, hub=hub, status=DossierStatus.IN_REVIEW, summary="Un projet", **kwargs
    )
    budget(
        dossier,
        (100_000, 100_000, 100_000),
        (SourceKind.FUNDER, (50_000, 40_000, 30_000)),
        (SourceKind.OWN, (50_000, 60_000, 70_000)),
    )
    Indicator.objects.create(
        dossier=dossier,
        label="Personnes accompagnées",
        unit="personnes",
        baseline=0,
        target_year1=500,
        target_year2=700,
        target_year3=800,
    )
    group = Group.objects.get(name=FUNDER_REVIEWERS)
    for n, (first, last) in enumerate((("Claire", "Morel"), ("Yannick", "Le Gall"))):
        reviewer = UserFactory(
            username=f"relecteur-{dossier.pk}-{n}", first_name=first, last_name=last, groups=[group]
        )
        review = services.assign_reviewer(dossier=dossier, reviewer=reviewer, by=None)
        sections = list(review.call.grid.sections.order_by("position"))
        scores = {
            section.criteria.get().pk: mark for section, mark in zip(sections, (3, 4), strict=True)
        }
        services.save_review(
            review=review,
            by=reviewer,
            scores=scores,
            recommendation="favourable",
            shared_comment=SHARED_COMMENT if n == 0 else "",
            private_note=PRIVATE_NOTE,
            submit=True,
        )
    type(dossier).objects.filter(pk=dossier.pk).update(status=DossierStatus.COMMITTEE)
    dossier.refresh_from_db()
    return dossier


def tranches(dossier, amounts=(60_000, 40_000)) -> list[services.TrancheSpec]:
    """A first tranche once the agreement is signed, a second once the indicator is
    reported for year 1."""
    indicator = dossier.indicators.get()
    first, second = amounts
    return [
        services.TrancheSpec(
            label="Première tranche",
            amount=Decimal(first),
            planned_on=datetime.date(2027, 6, 1),
            condition=TrancheCondition.AGREEMENT,
        ),
        services.TrancheSpec(
            label="Deuxième tranche",
            amount=Decimal(second),
            planned_on=datetime.date(2028, 6, 1),
            condition=TrancheCondition.INDICATOR,
            indicator=indicator,
            year=1,
        ),
    ]


def approve(dossier, by, amount=100_000):
    return services.record_decision(
        dossier=dossier,
        by=by,
        outcome=Outcome.APPROVED,
        motivation="Un projet solide et bien financé.",
        amount_granted=Decimal(amount),
        conditions="Associer les départements au comité de suivi.",
        tranches=tranches(dossier),
    )
