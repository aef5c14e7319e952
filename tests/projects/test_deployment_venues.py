"""The venues a deployment names: the directory's qualified venues of its commune (or, for a
deployment over a whole département, of that département), whoever declares it; never a
venue waiting for its hub, forged POST included."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from directory.models import Status
from hubsite.services import sync_roles
from tests.directory.factories import VenueFactory
from tests.factories import CommuneFactory
from tests.projects.factories import (
    DeploymentFactory,
    mediator_of,
    organisation_in,
    published_solution,
)


@pytest.fixture
def solution(hub_a):
    return published_solution(organisation_in(hub_a, name="Les Connectés"))


@pytest.fixture
def mediator(solution):
    user = mediator_of(solution.organisation, username="mediatrice", email="m@example.org")
    sync_roles()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def commune(hub_b):
    # Deployed in another hub's territory: its venues are not the mediator's to manage.
    return CommuneFactory(departement=hub_b.departements.first(), name="Saint-Loup")


@pytest.fixture
def deployment(solution, commune):
    return DeploymentFactory(solution=solution, commune=commune)


@pytest.fixture
def venues(commune):
    return {
        "qualified": VenueFactory(commune=commune, name="Médiathèque des Tilleuls"),
        "pending": VenueFactory(commune=commune, name="Brouillon du hub B", status=Status.PENDING),
        "elsewhere": VenueFactory(
            commune=CommuneFactory(departement=commune.departement), name="Lieu d'à côté"
        ),
    }


def form_of(client, url: str) -> str:
    return html.unescape(client.get(url).content.decode())


def edit(client, deployment, **changes):
    data = {
        "solution": deployment.solution_id,
        "organisation": deployment.organisation_id,
        "departement": deployment.departement_id,
        "commune": deployment.commune_id or "",
        "started_on": deployment.started_on.isoformat(),
        "people_reached": "",
        **changes,
    }
    return client.post(reverse("deployments:edit", args=(deployment.pk,)), data)


def test_a_mediator_is_offered_the_qualified_venues_of_the_deployments_commune(
    mediator, deployment, venues
):
    form = form_of(mediator, reverse("deployments:edit", args=(deployment.pk,)))
    assert "Médiathèque des Tilleuls" in form
    assert f'value="{venues["qualified"].pk}"' in form and 'type="checkbox"' in form
    assert "Brouillon du hub B" not in form  # waiting for its hub: not public
    assert "Lieu d'à côté" not in form  # another commune


def test_a_mediator_links_a_qualified_venue_of_another_hub(mediator, deployment, venues):
    response = edit(mediator, deployment, venues=[venues["qualified"].pk])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(deployment.venues.all()) == [venues["qualified"]]


@pytest.mark.parametrize("refused", ["pending", "elsewhere"])
def test_a_forged_post_of_a_venue_not_offered_is_refused(mediator, deployment, venues, refused):
    response = edit(mediator, deployment, venues=[venues["qualified"].pk, venues[refused].pk])
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not deployment.venues.exists()


def test_a_deployment_over_a_whole_departement_offers_its_qualified_venues(
    mediator, solution, commune, venues
):
    deployment = DeploymentFactory(solution=solution, commune=None, departement=commune.departement)
    form = form_of(mediator, reverse("deployments:edit", args=(deployment.pk,)))
    assert "Médiathèque des Tilleuls" in form and "Lieu d'à côté" in form
    assert "Brouillon du hub B" not in form
    response = edit(mediator, deployment, venues=[venues["elsewhere"].pk])
    assert response.status_code == 302
    assert list(deployment.venues.all()) == [venues["elsewhere"]]


def test_moving_the_deployment_checks_its_venues_against_the_new_commune(
    mediator, deployment, venues, hub_b
):
    other = CommuneFactory(departement=hub_b.departements.first())
    response = edit(mediator, deployment, commune=other.pk, venues=[venues["qualified"].pk])
    assert response.status_code == 200
    assert not deployment.venues.exists()


def test_a_new_deployment_lists_no_venue_until_its_place_is_known(mediator, venues):
    form = form_of(mediator, reverse("deployments:add"))
    assert "Choisissez d'abord la commune ou le département" in form
    assert "Médiathèque des Tilleuls" not in form


def test_a_venue_already_named_stays_offered(mediator, deployment, venues):
    deployment.venues.add(venues["pending"])
    form = form_of(mediator, reverse("deployments:edit", args=(deployment.pk,)))
    assert "Brouillon du hub B" in form
    response = edit(mediator, deployment, venues=[venues["pending"].pk])
    assert response.status_code == 302
