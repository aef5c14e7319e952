"""Reviewers score dossiers on the call's grid, blind or not, free of conflicts of interest."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hubsite.roles import FUNDER_REVIEWERS, NATIONAL_TEAM
from projects import scoring, services
from projects.models import (
    ConflictOfInterest,
    Dossier,
    DossierStatus,
    Recommendation,
    Review,
    Scale,
)
from projects.permissions import can_see_others_reviews, visible_reviews
from tests.factories import HubFactory, UserFactory
from tests.projects.review_factories import DossierFactory, ProjectCallFactory, grid_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers(hub_a):
    group = Group.objects.get(name=FUNDER_REVIEWERS)
    return [UserFactory(username=f"relecteur{i}", groups=[group]) for i in range(3)]


@pytest.fixture
def call():
    call = ProjectCallFactory(reviewers_per_dossier=2, blind_review=True)
    grid_with(call.grid, 3, 1, 2)
    return call


def fill(review, *values, recommendation=Recommendation.FAVOURABLE, submit=True):
    criteria = scoring.criteria_of(review.call)
    return services.save_review(
        review=review,
        by=review.reviewer,
        scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
        recommendation=recommendation,
        shared_comment="Un projet solide.",
        private_note="Attention au budget de l'année 3.",
        submit=submit,
    )


def test_a_review_s_total_weighs_its_criteria_and_leaves_out_what_does_not_apply(
    call, hub_a, reviewers
):
    dossier = DossierFactory(call=call, hub=hub_a, status=DossierStatus.IN_REVIEW)
    review = services.assign_reviewer(dossier=dossier, reviewer=reviewers[0], by=None)
    fill(review, 5, 0, None)
    criteria = scoring.criteria_of(call)
    # (3 * 5/5 + 1 * 0/5) / (3 + 1) = 75 %
    assert scoring.review_total(review, criteria) == Decimal("75.0")


def test_a_yes_no_criterion_counts_yes_as_its_top_mark(call, hub_a, reviewers):
    yes_no = scoring.criteria_of(call)[1]
    yes_no.scale = Scale.YES_NO
    yes_no.save()
    dossier = DossierFactory(call=call, hub=hub_a, status=DossierStatus.IN_REVIEW)
    review = services.assign_reviewer(dossier=dossier, reviewer=reviewers[0], by=None)
    fill(review, 0, 1, 0)
    assert scoring.review_total(review, scoring.criteria_of(call)) == Decimal("16.7")
    with pytest.raises(ValidationError, match="de 0 à 1"):
        fill(services.assign_reviewer(dossier=dossier, reviewer=reviewers[1], by=None), 0, 2, 0)


def test_in_blind_mode_a_reviewer_sees_the_others_only_once_their_own_is_sent(
    call, hub_a, reviewers
):
    first, second = reviewers[:2]
    dossier = DossierFactory(call=call, hub=hub_a, status=DossierStatus.IN_REVIEW)
    mine = services.assign_reviewer(dossier=dossier, reviewer=first, by=None)
    theirs = services.assign_reviewer(dossier=dossier, reviewer=second, by=None)
    fill(theirs, 5, 5, 5)

    assert not can_see_others_reviews(first, dossier)
    assert list(visible_reviews(first, dossier)) == [mine]
    fill(mine, 2, 2, 2, submit=False)
    assert list(visible_reviews(first, dossier)) == [mine], "a draft is not a sent review"
    fill(mine, 2, 2, 2)
    assert set(visible_reviews(first, dossier)) == {mine, theirs}

    call.blind_review = False
    call.save()
    late = services.assign_reviewer(dossier=dossier, reviewer=reviewers[2], by=None)
    assert can_see_others_reviews(late.reviewer, Dossier.objects.get(pk=dossier.pk))


def test_the_hub_and_strangers_never_see_the_reviews(call, hub_a, reviewers, coordinator):
    dossier = DossierFactory(call=call, hub=hub_a, status=DossierStatus.IN_REVIEW)
    fill(services.assign_reviewer(dossier=dossier, reviewer=reviewers[0], by=None), 1, 1, 1)
    assert not can_see_others_reviews(coordinator, dossier)
    assert not visible_reviews(coordinator, dossier).exists()
    assert not visible_reviews(reviewers[1], dossier).exists()
    national = UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)])
    assert visible_reviews(national, dossier).count() == 1


def test_a_sent_review_is_not_changed_and_nobody_fills_another_s(call, hub_a, reviewers):
    dossier = DossierFactory(call=call, hub=hub_a, status=DossierStatus.IN_REVIEW)
    review = services.assign_reviewer(dossier=dossier, reviewer=reviewers[0], by=None)
    with pytest.raises(PermissionDenied):
        services.save_review(review=review, by=reviewers[1], scores={})
    fill(review, 3, 3, 3)
    with pytest.raises(PermissionDenied):
        fill(review, 0, 0, 0)
    assert scoring.review_total(Review.objects.get(pk=review.pk), scoring.criteria_of(call)) == 60


def test_a_review_is_sent_complete(call, hub_a, reviewers):
    dossier = DossierFactory(call=call, hub=hub_a, status=DossierStatus.IN_REVIEW)
    review = services.assign_reviewer(dossier=dossier, reviewer=reviewers[0], by=None)
    first = scoring.criteria_of(call)[0]
    with pytest.raises(ValidationError) as refused:
        services.save_review(review=review, by=reviewers[0], scores={first.pk: 4}, submit=True)
    assert "Critère 1, Critère 2" in str(refused.value)
    assert "avis d'ensemble" in str(refused.value)
    services.save_review(review=review, by=reviewers[0], scores={first.pk: 4})
    assert Review.objects.get(pk=review.pk).scores.get().value == 4, "the draft is kept"


def test_a_conflicted_reviewer_is_never_assigned_the_hub_s_dossiers(call, hub_a, hub_b, reviewers):
    ConflictOfInterest.objects.create(reviewer=reviewers[0], hub=hub_a, note="Ancien salarié")
    dossier = DossierFactory(call=call, hub=hub_a, status=DossierStatus.IN_REVIEW)
    with pytest.raises(ValidationError, match="conflit d'intérêts avec le hub Hub A"):
        services.assign_reviewer(dossier=dossier, reviewer=reviewers[0], by=None)
    DossierFactory(call=call, hub=hub_b, status=DossierStatus.IN_REVIEW)
    services.spread_evenly(call=call, reviewers=reviewers, by=None)
    assert not Review.objects.filter(reviewer=reviewers[0], dossier__hub=hub_a).exists()
    assert Review.objects.filter(dossier=dossier).count() == 2


def test_spreading_evenly_balances_the_load_and_tells_each_reviewer(
    call, reviewers, home, django_capture_on_commit_callbacks
):
    for _ in range(6):
        DossierFactory(call=call, hub=HubFactory(), status=DossierStatus.IN_REVIEW)
    DossierFactory(call=call, hub=HubFactory(), status=DossierStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.spread_evenly(call=call, reviewers=reviewers, by=None)
    loads = sorted(Review.objects.filter(reviewer=r).count() for r in reviewers)
    assert loads == [4, 4, 4]
    assert not Review.objects.filter(dossier__status=DossierStatus.DRAFT).exists()
    assert len(mail.outbox) == 12
    services.spread_evenly(call=call, reviewers=reviewers, by=None)
    assert Review.objects.count() == 12, "spreading again adds nobody"


def test_spreading_is_refused_whole_when_a_dossier_cannot_get_its_reviewers(
    call, hub_a, hub_b, reviewers
):
    for reviewer in reviewers[:2]:
        ConflictOfInterest.objects.create(reviewer=reviewer, hub=hub_a)
    DossierFactory(call=call, hub=hub_b, status=DossierStatus.IN_REVIEW)
    DossierFactory(call=call, hub=hub_a, status=DossierStatus.IN_REVIEW, title="Projet A")
    with pytest.raises(ValidationError, match="Projet A"):
        services.spread_evenly(call=call, reviewers=reviewers, by=None)
    assert not Review.objects.exists()


def test_the_spread_between_reviewers_flags_a_disagreement(call, hub_a, reviewers):
    dossier = DossierFactory(call=call, hub=hub_a, status=DossierStatus.IN_REVIEW)
    fill(services.assign_reviewer(dossier=dossier, reviewer=reviewers[0], by=None), 5, 5, 5)
    fill(services.assign_reviewer(dossier=dossier, reviewer=reviewers[1], by=None), 2, 2, 2)
    services.assign_reviewer(dossier=dossier, reviewer=reviewers[2], by=None)
    [row] = scoring.dossier_scores(
        Dossier.objects.prefetch_related("reviews__scores"), scoring.criteria_of(call)
    )
    assert row.score == Decimal("70.0") and row.spread == Decimal("60.0")
    assert row.disagreement and row.pending == 1
    assert row.recommendations()[Recommendation.FAVOURABLE] == 2


def test_a_call_s_scores_cost_the_same_queries_whatever_its_size(call, reviewers, home):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            criteria = scoring.criteria_of(call)
            dossiers = call.dossiers.prefetch_related("reviews__scores")
            [row.score for row in scoring.dossier_scores(dossiers, criteria)]
        return len(captured)

    def add(count):
        for _ in range(count):
            dossier = DossierFactory(call=call, hub=HubFactory(), status=DossierStatus.IN_REVIEW)
            for reviewer in reviewers[:2]:
                fill(services.assign_reviewer(dossier=dossier, reviewer=reviewer, by=None), 3, 4, 5)

    add(1)
    few = queries()
    add(3)
    assert queries() == few <= 4
