"""What the catalogue adds to other apps' pages through hooks: on a hub's page its proven
solutions and those "à reprendre chez nous"; on a venue's page the solutions it runs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Status
from projects.models import Maturity
from tests.directory.factories import venue_in
from tests.factories import CommuneFactory, DepartementFactory
from tests.projects.factories import DeploymentFactory, SolutionFactory, organisation_in

pytestmark = pytest.mark.django_db


def hub_page(client, hub) -> str:
    response = client.get(hub.page.url)
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


@pytest.fixture
def solutions(hub_a, hub_b):
    in_b = hub_b.departements.first()
    return {
        # Hub A's own, proven: hub A's list.
        "own": SolutionFactory(organisation=organisation_in(hub_a), title="Maison éprouvée"),
        # Hub B's, deployed in hub A: both hubs' lists of proven solutions.
        "deployed": SolutionFactory(organisation=organisation_in(hub_b), title="Venue de B"),
        # Hub B's, not in A: for hub A to take up.
        "elsewhere": SolutionFactory(organisation=organisation_in(hub_b), title="Ailleurs"),
        # Not proven: on no list.
        "pilot": SolutionFactory(
            organisation=organisation_in(hub_b), title="Pilote", maturity=Maturity.PILOT
        ),
        "in_b": in_b,
    }


@pytest.fixture(autouse=True)
def proven(solutions, hub_a):
    for key in ("own", "deployed", "elsewhere"):
        solutions[key].maturity = Maturity.PROVEN
        solutions[key].save()
    DeploymentFactory(
        solution=solutions["deployed"],
        commune=CommuneFactory(departement=hub_a.departements.first()),
    )


def test_a_hub_page_lists_its_proven_solutions_and_those_to_take_up(client, hub_a, solutions):
    page = hub_page(client, hub_a)
    here = section(page, "Les solutions éprouvées du territoire", "À reprendre chez nous")
    to_take_up = section(page, "À reprendre chez nous", "Parcourir le catalogue")
    assert "Maison éprouvée" in here and "Venue de B" in here
    assert "Ailleurs" not in here and "Pilote" not in here
    assert "Ailleurs" in to_take_up
    assert "Maison éprouvée" not in to_take_up and "Venue de B" not in to_take_up
    assert "Pilote" not in to_take_up


def test_an_ended_deployment_puts_the_solution_back_to_take_up(client, hub_a, solutions):
    deployment = solutions["deployed"].deployments.get()
    deployment.started_on = datetime.date(2020, 1, 1)
    deployment.ended_on = datetime.date(2021, 1, 1)
    deployment.save()
    to_take_up = section(hub_page(client, hub_a), "À reprendre chez nous", "Parcourir")
    assert "Venue de B" in to_take_up


def test_hub_page_queries_do_not_grow_with_the_catalogue(client, hub_a, hub_b):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            hub_page(client, hub_a)
        return len(queries)

    count()
    before = count()
    far = DepartementFactory()
    for number in range(12):
        solution = SolutionFactory(
            organisation=organisation_in(hub_b if number % 2 else hub_a),
            maturity=Maturity.SCALING,
        )
        DeploymentFactory(solution=solution, commune=CommuneFactory(departement=far))
    assert count() == before


def test_a_venue_page_lists_the_solutions_it_runs(client, hub_a, solutions):
    venue = venue_in(hub_a, name="Médiathèque Alpha", status=Status.QUALIFIED)
    other = venue_in(hub_a, name="Autre lieu", status=Status.QUALIFIED)
    solutions["deployed"].deployments.get().venues.add(venue)
    DeploymentFactory(
        solution=solutions["pilot"],
        commune=CommuneFactory(departement=hub_a.departements.first()),
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2021, 1, 1),
    ).venues.add(venue)
    unpublished = SolutionFactory(organisation=organisation_in(hub_a), title="Caché", live=False)
    DeploymentFactory(solution=unpublished).venues.add(venue)

    page = client.get(venue.get_absolute_url()).content.decode()
    assert "Les solutions menées dans ce lieu" in page
    assert "Venue de B" in page
    assert "Pilote" not in page  # ended there
    assert "Caché" not in page
    assert (
        "Les solutions menées dans ce lieu"
        not in client.get(other.get_absolute_url()).content.decode()
    )


def test_venue_page_queries_do_not_grow_with_its_solutions(client, hub_a):
    venue = venue_in(hub_a, status=Status.QUALIFIED)

    def add(count):
        for _ in range(count):
            solution = SolutionFactory(organisation=organisation_in(hub_a))
            DeploymentFactory(solution=solution).venues.add(venue)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(venue.get_absolute_url()).status_code == 200
        return len(captured)

    add(1)
    queries()
    before = queries()
    add(10)
    assert queries() == before
