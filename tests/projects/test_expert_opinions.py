"""Outside experts: asked by the national team, they answer once through an expiring link,
without an account; reviewers read the opinion under the blind rules of a review."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hubsite import tokens
from hubsite.roles import FUNDER_REVIEWERS, NATIONAL_TEAM
from projects import scoring, services
from projects.models import DossierStatus, ExpertOpinion, Recommendation
from projects.services import expert_opinions
from tests.factories import UserFactory
from tests.projects.conftest import link_in
from tests.projects.review_factories import DossierFactory, ProjectCallFactory, grid_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(hub_a):
    return UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)])


@pytest.fixture
def reviewers(hub_a):
    group = Group.objects.get(name=FUNDER_REVIEWERS)
    return [UserFactory(username=f"relecteur{i}", groups=[group]) for i in range(2)]


@pytest.fixture
def call():
    call = ProjectCallFactory(blind_review=True)
    grid_with(call.grid, 1)
    return call


@pytest.fixture
def dossier(call, hub_a):
    return DossierFactory(
        call=call,
        hub=hub_a,
        status=DossierStatus.IN_REVIEW,
        title="Projet A",
        summary="Former les aidants du département.",
    )


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def ask(sent, national, dossier, days=10):
    return sent(
        expert_opinions.request_expert_opinion,
        dossier=dossier,
        expert_name="Claire Experte",
        email="claire@example.org",
        deadline=in_days(days),
        by=national,
    )


def test_the_national_team_asks_an_expert_who_answers_once_through_the_link(
    client, sent, national, dossier, reviewers
):
    services.assign_reviewer(dossier=dossier, reviewer=reviewers[0], by=None)
    client.force_login(national)
    page = reverse("projects_call_expert_opinions", args=[dossier.call_id])
    response = sent(
        client.post,
        page,
        {
            "dossier": dossier.pk,
            "expert_name": "Claire Experte",
            "email": "claire@example.org",
            "deadline": in_days(10).isoformat(),
        },
    )
    assert response.status_code == 302
    (message,) = [m for m in mail.outbox if m.to == ["claire@example.org"]]
    assert "Projet A" in message.subject
    path = link_in(message, "/avis-expert/")
    opinion = ExpertOpinion.objects.get()
    # Only the token's digest is kept: the link is the one copy of the token.
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert opinion.token_hash == tokens.digest(token) and token not in opinion.token_hash
    assert opinion.expires_at == expert_opinions.end_of(in_days(10))

    client.logout()
    form = client.get(path)
    content = form.content.decode()
    assert form.status_code == 200 and "Former les aidants" in content
    assert form["X-Robots-Tag"] == "noindex"

    refused = client.post(path, {"opinion": "", "recommendation": ""})
    assert refused.status_code == 400 and "Écrivez votre avis." in refused.content.decode()

    done = client.post(path, {"opinion": "Solide et utile.", "recommendation": "reserved"})
    assert done.status_code == 200 and "Merci" in done.content.decode()
    opinion.refresh_from_db()
    assert opinion.is_submitted and opinion.recommendation == Recommendation.RESERVED

    spent = client.post(path, {"opinion": "Un second avis", "recommendation": "favourable"})
    assert spent.status_code == 410 and "déjà servi" in spent.content.decode()
    opinion.refresh_from_db()
    assert opinion.opinion == "Solide et utile."

    client.force_login(national)
    assert "Solide et utile." in client.get(page).content.decode()


def test_the_public_page_never_shows_the_reviews(client, sent, national, dossier, reviewers):
    review = services.assign_reviewer(dossier=dossier, reviewer=reviewers[0], by=None)
    services.save_review(
        review=review,
        by=reviewers[0],
        scores={c.pk: 4 for c in scoring.criteria_of(dossier.call)},
        recommendation=Recommendation.FAVOURABLE,
        shared_comment="Commentaire du relecteur",
        private_note="Note privée du comité",
        submit=True,
    )
    ask(sent, national, dossier)
    content = client.get(link_in(mail.outbox[-1], "/avis-expert/")).content.decode()
    assert "Projet A" in content
    assert "Commentaire du relecteur" not in content and "Note privée" not in content
    assert reviewers[0].username not in content


def test_expired_and_forged_links_are_refused_with_a_clear_page(
    client, sent, national, dossier, empty_cache
):
    opinion = ask(sent, national, dossier, days=1)
    path = link_in(mail.outbox[-1], "/avis-expert/")
    ExpertOpinion.objects.filter(pk=opinion.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    expired = client.post(path, {"opinion": "Trop tard", "recommendation": "favourable"})
    assert expired.status_code == 410 and "expiré" in expired.content.decode()
    assert not ExpertOpinion.objects.get(pk=opinion.pk).is_submitted

    token = path.rstrip("/").rsplit("/", 1)[-1]
    # One character off the real token (never the real one: it may already end in "A").
    near_miss = token[:-1] + ("B" if token.endswith("A") else "A")
    for forged in ("forged-token", "x" * 300, near_miss):
        response = client.get(reverse("solutions:expert_opinion", args=[forged]))
        assert response.status_code == 404
        assert "pas valable" in response.content.decode()
        assert "Projet A" not in response.content.decode()


def test_a_deadline_in_the_past_or_too_far_is_refused(national, dossier):
    for days in (-1, 91):
        with pytest.raises(ValidationError):
            expert_opinions.request_expert_opinion(
                dossier=dossier,
                expert_name="X",
                email="x@example.org",
                deadline=in_days(days),
                by=national,
            )
    assert not ExpertOpinion.objects.exists()


def test_only_the_national_team_asks(coordinator, dossier, reviewers):
    for outsider in (coordinator, reviewers[0]):
        with pytest.raises(PermissionDenied):
            expert_opinions.request_expert_opinion(
                dossier=dossier,
                expert_name="X",
                email="x@example.org",
                deadline=in_days(3),
                by=outsider,
            )


def test_a_blind_reviewer_reads_the_expert_s_opinion_once_their_own_review_is_sent(
    client, sent, national, dossier, reviewers
):
    review = services.assign_reviewer(dossier=dossier, reviewer=reviewers[0], by=None)
    opinion = ask(sent, national, dossier)
    expert_opinions.submit_expert_opinion(
        opinion=opinion, text="Avis de l'experte externe", recommendation="favourable"
    )
    client.force_login(reviewers[0])
    url = reverse("projects_review", args=[review.pk])
    assert "Avis de l" not in client.get(url).content.decode()
    services.save_review(
        review=review,
        by=reviewers[0],
        scores={c.pk: 3 for c in scoring.criteria_of(dossier.call)},
        recommendation=Recommendation.FAVOURABLE,
        submit=True,
    )
    assert "Avis de l&#x27;experte externe" in client.get(url).content.decode()
