"""Take-up requests followed by both sides, and deployments declared by whoever runs them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hubsite.services import sync_roles
from hubsite.transitions import history
from projects import services
from projects.models import Deployment, TakeUpRequest, TakeUpStatus
from tests.factories import CommuneFactory, coordinator_of
from tests.projects.factories import mediator_of, organisation_in, published_solution


@pytest.fixture
def solution(hub_a):
    return published_solution(organisation_in(hub_a, name="Les Connectés"))


@pytest.fixture
def mediator(solution):
    user = mediator_of(solution.organisation, username="mediatrice", email="m@example.org")
    sync_roles()
    return user


@pytest.fixture
def request_from_b(solution, hub_b):
    commune = CommuneFactory(departement=hub_b.departements.first())
    return TakeUpRequest.objects.create(
        solution=solution,
        requester_kind="bibliotheque",
        requester_name="Marie Durand",
        email="marie@example.org",
        commune=commune,
        need="Nous voulons ces ateliers dans notre médiathèque.",
    )


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_both_sides_see_and_move_a_request_and_deploying_creates_the_deployment(
    hub_b, mediator, request_from_b, mailoutbox, django_capture_on_commit_callbacks
):
    hub_b_coordinator = coordinator_of(hub_b, email="coord-b@example.org")
    for user in (mediator, hub_b_coordinator):
        listing = client_of(user).get(reverse("take_up_requests:index"))
        assert "Marie Durand" in listing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(mediator).post(
            reverse("take_up_requests:discuss", args=(request_from_b.pk,)), {"reason": ""}
        )
    assert response.status_code == 302
    request_from_b.refresh_from_db()
    assert request_from_b.status == TakeUpStatus.DISCUSSION
    assert sorted(m.to[0] for m in mailoutbox) == ["coord-b@example.org", "m@example.org"]

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(hub_b_coordinator).post(
            reverse("take_up_requests:deploy", args=(request_from_b.pk,)),
            {"reason": "", "started_on": "2026-09-01"},
        )
    assert response.status_code == 302
    request_from_b.refresh_from_db()
    deployment = request_from_b.deployment
    assert request_from_b.status == TakeUpStatus.DEPLOYED
    assert deployment.commune == request_from_b.commune
    assert deployment.departement.hub == hub_b
    assert deployment.started_on == datetime.date(2026, 9, 1)
    assert len(mailoutbox) == 2 and "Déployée" in mailoutbox[0].subject
    assert [move.target for move in history(request_from_b)] == ["Déployée", "En discussion"]


def test_dropping_a_request_owes_a_reason(mediator, request_from_b):
    with pytest.raises(ValidationError, match="motif"):
        services.move_take_up(request=request_from_b, to=TakeUpStatus.DROPPED, by=mediator)
    response = client_of(mediator).post(
        reverse("take_up_requests:drop", args=(request_from_b.pk,)), {"reason": ""}
    )
    assert response.status_code == 200 and "Obligatoire" in response.content.decode()
    services.move_take_up(
        request=request_from_b, to=TakeUpStatus.DROPPED, by=mediator, reason="Pas de budget."
    )
    request_from_b.refresh_from_db()
    assert request_from_b.status == TakeUpStatus.DROPPED
    assert history(request_from_b)[0].reason == "Pas de budget."


def test_another_organisation_declares_a_deployment_of_a_published_solution(
    hub_b, solution, django_capture_on_commit_callbacks
):
    taker = organisation_in(hub_b, name="Ils ont repris")
    mediator = mediator_of(taker, username="repreneuse")
    sync_roles()
    client = client_of(mediator)
    form = client.get(reverse("deployments:add")).content.decode()
    assert solution.title in form and "Ils ont repris" in form
    assert "Les Connectés" not in form  # not their organisation: not offered to declare for
    commune = CommuneFactory(departement=hub_b.departements.first())
    response = client.post(
        reverse("deployments:add"),
        {
            "solution": solution.pk,
            "organisation": taker.pk,
            "departement": commune.departement_id,
            "commune": commune.pk,
            "started_on": "2026-03-01",
            "people_reached": "40",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    deployment = Deployment.objects.get(organisation=taker)
    assert deployment.declared_by == mediator and deployment.solution == solution
    # Theirs to edit; the solution's own organisation reaches it only through the hub.
    assert client.get(reverse("deployments:edit", args=(deployment.pk,))).status_code == 200


def test_a_deployment_in_another_departement_than_its_commune_is_refused(
    hub_a, hub_b, solution, mediator
):
    commune = CommuneFactory(departement=hub_a.departements.first())
    response = client_of(mediator).post(
        reverse("deployments:add"),
        {
            "solution": solution.pk,
            "organisation": solution.organisation_id,
            "departement": hub_b.departements.first().pk,
            "commune": commune.pk,
            "started_on": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert "pas dans le département choisi" in response.content.decode()
    assert not Deployment.objects.exists()
