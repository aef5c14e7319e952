""" "Déployer cette solution chez moi": the form, its French errors, the throttle, the trap,
and the e-mails that reach the hub of the requester's commune and the organisation."""

import pytest
from django.core import mail
from django.urls import reverse

from hubsite.roles import NATIONAL_TEAM, role_group
from projects.models import RequesterKind, TakeUpRequest
from projects.views_take_up import REQUESTS_PER_CLIENT_PER_HOUR
from tests.factories import CommuneFactory, DepartementFactory, UserFactory, coordinator_of
from tests.projects.factories import SolutionFactory, mediator_of, organisation_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


@pytest.fixture
def solution(hub_a):
    return SolutionFactory(organisation=organisation_in(hub_a, name="Les Connectés"))


@pytest.fixture
def mediator(solution):
    return mediator_of(solution.organisation, email="mediatrice@connectes.example")


@pytest.fixture
def commune_b(hub_b):
    return CommuneFactory(
        name="Cognac", departement=hub_b.departements.first(), postcodes=["16100"]
    )


def form_data(**changes) -> dict:
    data = {
        "requester_kind": RequesterKind.LIBRARY,
        "requester_name": "Camille Martin",
        "structure": "Médiathèque de Cognac",
        "email": "camille@cognac.example",
        "phone": "05 45 00 00 00",
        "commune_query": "16100",
        "need": "Nous voulons proposer des ateliers aux seniors de la ville.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post(client, solution, **changes):
    return client.post(reverse("solutions:take_up", args=[solution.slug]), form_data(**changes))


def test_a_request_reaches_the_hub_of_the_commune_and_the_organisation(
    client, django_capture_on_commit_callbacks, solution, mediator, hub_a, hub_b, commune_b
):
    their_coordinator = coordinator_of(hub_b, email="coord-b@hub.example")
    coordinator_of(hub_a, email="coord-a@hub.example")  # the solution's hub: not this request's

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, solution)

    take_up = TakeUpRequest.objects.get()
    assert take_up.commune == commune_b and take_up.solution == solution
    assert take_up.structure == "Médiathèque de Cognac"
    assert response.status_code == 302
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([their_coordinator.email, mediator.email])
    to_hub = next(m for m in mail.outbox if m.to == [their_coordinator.email])
    assert "Cognac" in to_hub.subject
    assert "Nous voulons proposer des ateliers" in to_hub.body
    assert "camille@cognac.example" in to_hub.body
    to_organisation = next(m for m in mail.outbox if m.to == [mediator.email])
    assert "Hub B" in to_organisation.body

    done = client.get(response["Location"]).content.decode()
    assert "Votre demande est envoyée" in done
    assert "Hub B" in done and "Les Connectés" in done


def test_the_national_team_answers_where_no_hub_covers_the_commune(
    client, django_capture_on_commit_callbacks, solution, mediator
):
    national = UserFactory(email="national@maillage.example")
    national.groups.add(role_group(NATIONAL_TEAM))
    CommuneFactory(name="Sans-Hub", departement=DepartementFactory(), postcodes=["99990"])

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, solution, commune_query="99990")

    assert response.status_code == 302
    assert sorted(a for m in mail.outbox for a in m.to) == sorted([national.email, mediator.email])
    assert "aucun hub ne couvre" in client.get(response["Location"]).content.decode()


def test_errors_are_in_french_and_nothing_is_lost(client, solution):
    response = post(client, solution, email="pas-un-courriel", requester_kind=None, need="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ce courriel n&#x27;est pas valide" in page
    assert "Dites-nous qui vous êtes." in page
    assert "Décrivez votre besoin en quelques lignes." in page
    assert 'value="Camille Martin"' in page  # what was typed stays
    assert not TakeUpRequest.objects.exists()


def test_an_unknown_commune_is_refused_and_an_ambiguous_one_asked(client, solution, hub_a):
    departement = hub_a.departements.first()
    first = CommuneFactory(name="Saint-Martin", departement=departement, postcodes=["16500"])
    second = CommuneFactory(name="Saint-Martin", departement=DepartementFactory())

    response = post(client, solution, commune_query="Introuvable-sur-Mer")
    assert response.status_code == 400
    assert "Aucune commune ne correspond" in response.content.decode()

    response = post(client, solution, commune_query="saint martin")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Plusieurs communes correspondent" in page
    assert f'value="{first.insee_code}"' in page and f'value="{second.insee_code}"' in page

    response = post(client, solution, commune_query="saint martin", commune_choice=second.pk)
    assert response.status_code == 302
    assert TakeUpRequest.objects.get().commune == second
    # A postcode and a name settle it without asking.
    response = post(client, solution, commune_query="16500 Saint-Martin")
    assert response.status_code == 302
    assert TakeUpRequest.objects.latest("pk").commune == first


def test_requests_are_throttled_per_client(client, solution, commune_b):
    for _ in range(REQUESTS_PER_CLIENT_PER_HOUR):
        assert post(client, solution).status_code == 302
    response = post(client, solution)
    assert response.status_code == 429
    assert "Réessayez dans une heure" in response.content.decode()
    assert TakeUpRequest.objects.count() == REQUESTS_PER_CLIENT_PER_HOUR


def test_a_robot_filling_the_trap_records_nothing(client, solution, commune_b):
    response = post(client, solution, website="http://spam.example")
    assert response.status_code == 302
    assert not TakeUpRequest.objects.exists()


def test_the_form_needs_its_csrf_token(solution, commune_b):
    from django.test import Client

    response = post(Client(enforce_csrf_checks=True), solution)
    assert response.status_code == 403


def test_no_request_for_an_unpublished_solution(client, hub_a, commune_b):
    draft = SolutionFactory(organisation=organisation_in(hub_a), live=False)
    assert post(client, draft).status_code == 404


def test_a_forged_confirmation_shows_nothing(client, solution):
    url = reverse("solutions:take_up_done", args=[solution.slug, "forged"])
    assert client.get(url).status_code == 404
