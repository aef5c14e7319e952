import io

import pytest
from django.core.management import call_command

from hubsite.demo.data import DEMO_HUBS
from hubsite.roles import is_funder_reviewer
from projects.comparison import comparison_rows
from projects.demo.review import CALL_SLUG, STAGES
from projects.models import (
    ConflictOfInterest,
    Decision,
    Dossier,
    DossierStatus,
    IndicatorReport,
    ProjectCall,
    Review,
    Tranche,
)
from projects.versions import compare
from tests.factories import HubFactory

pytestmark = pytest.mark.django_db


def test_the_review_demo_has_a_dossier_per_hub_at_every_stage_and_is_idempotent(home):
    for spec in DEMO_HUBS:
        HubFactory(name=spec.name, slug=spec.slug)
    output = io.StringIO()
    call_command("load_demo_review", stdout=output)
    call_command("load_demo_review", stdout=io.StringIO())

    call = ProjectCall.objects.get(slug=CALL_SLUG)
    dossiers = list(Dossier.objects.filter(call=call))
    assert len(dossiers) == 10
    assert {d.status for d in dossiers} == set(STAGES)
    assert "relecteur-1" in output.getvalue() and "maillage-demo" in output.getvalue()

    reviews = Review.objects.filter(call=call).select_related("reviewer")
    assert {r.reviewer.username for r in reviews} <= {"relecteur-1", "relecteur-2", "relecteur-3"}
    assert all(is_funder_reviewer(r.reviewer) for r in reviews)
    conflict = ConflictOfInterest.objects.get()
    assert not reviews.filter(reviewer=conflict.reviewer, dossier__hub=conflict.hub).exists()

    draft = next(d for d in dossiers if d.status == DossierStatus.DRAFT)
    assert any(not result.passed for result in draft.rule_results()), (
        "the draft shows a rule failing"
    )
    sent = [d for d in dossiers if d.status != DossierStatus.DRAFT]
    assert all(d.versions.exists() for d in sent)
    assert all(all(result.passed for result in d.rule_results()) for d in sent)

    resubmitted = next(d for d in dossiers if d.status == DossierStatus.RESUBMITTED)
    first, second = resubmitted.versions.order_by("number")
    changes = compare(first.content, second.content)
    assert {section.title for section in changes.sections} == {"Plan d'action", "Partenaires"}
    assert all(len(d.versions.get(number=1).content["actions"]) == 3 for d in sent)

    rows = comparison_rows(call)
    scored = [row for row in rows if row.scores.score is not None]
    assert len(scored) == 7


def test_the_review_demo_has_one_expert_opinion_shown_to_the_reviewers_who_sent_theirs(home):
    from projects.models import ExpertOpinion
    from projects.permissions.grids_opinions import visible_expert_opinions

    for spec in DEMO_HUBS:
        HubFactory(name=spec.name, slug=spec.slug)
    output = io.StringIO()
    call_command("load_demo_review", stdout=output)
    call_command("load_demo_review", stdout=io.StringIO())
    opinion = ExpertOpinion.objects.get()
    assert opinion.is_submitted and opinion.dossier.status == DossierStatus.COMMITTEE
    assert "Avis d'expert" in output.getvalue()
    sent = Review.objects.filter(dossier=opinion.dossier, status="submitted").first()
    assert list(visible_expert_opinions(sent.reviewer, opinion.dossier)) == [opinion]


def test_the_decided_demo_dossiers_have_their_decision_and_the_followed_one_its_follow_up(
    home, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    for spec in DEMO_HUBS:
        HubFactory(name=spec.name, slug=spec.slug)
    call_command("load_demo_review", stdout=io.StringIO())
    call_command("load_demo_review", stdout=io.StringIO())

    dossiers = {d.status: d for d in Dossier.objects.filter(call__slug=CALL_SLUG)}
    decisions = Decision.objects.filter(dossier__call__slug=CALL_SLUG)
    assert decisions.count() == 3
    assert dossiers[DossierStatus.REJECTED].decision.reasons
    for status in (DossierStatus.APPROVED, DossierStatus.FOLLOW_UP):
        decision = dossiers[status].decision
        tranches = list(decision.tranches.all())
        assert len(tranches) == 3
        assert sum(t.amount for t in tranches) == decision.amount_granted
        assert decision.amount_granted == dossiers[status].economic_model().total_funder
        assert dossiers[status].indicators.count() == 3
    followed = dossiers[DossierStatus.FOLLOW_UP]
    assert (
        Tranche.objects.filter(decision__dossier=followed, released_at__isnull=False).count() == 1
    )
    assert IndicatorReport.objects.filter(indicator__dossier=followed).count() == 1
    assert not Tranche.objects.filter(
        decision__dossier=dossiers[DossierStatus.APPROVED], released_at__isnull=False
    ).exists()
