"""Where each solution runs (``SolutionPlace``), as the catalogue's place filter reads it:
kept in step with deployments, solutions and organisations, rebuilt after a bulk load."""

import pytest
from django.db import connection
from django.urls import reverse

from projects.models import Deployment, SolutionPlace
from projects.places import refresh_all_places
from tests.factories import CommuneFactory, DepartementFactory
from tests.projects.factories import DeploymentFactory, organisation_in, published_solution

pytestmark = pytest.mark.django_db


def places(solution) -> set[str]:
    return set(
        SolutionPlace.objects.filter(solution=solution).values_list("departement_id", flat=True)
    )


def found(client, **params) -> list[str]:
    response = client.get(reverse("solutions:index"), params)
    return [solution.title for solution in response.context["solutions"]]


@pytest.fixture
def solution(hub_a):
    return published_solution(organisation_in(hub_a), title="Ateliers du lundi")


@pytest.fixture
def home_code(solution):
    return solution.organisation.commune.departement_id


def test_a_solution_runs_where_its_organisation_is_and_where_it_is_deployed(
    client, solution, home_code
):
    far = DepartementFactory()
    assert places(solution) == {home_code}
    assert found(client, departement=far.code) == []
    DeploymentFactory(solution=solution, commune=CommuneFactory(departement=far))
    assert places(solution) == {home_code, far.code}
    assert found(client, departement=far.code) == ["Ateliers du lundi"]


def test_deleting_a_deployment_forgets_its_place_unless_another_holds_it(solution, home_code):
    far = DepartementFactory()
    first = DeploymentFactory(solution=solution, commune=CommuneFactory(departement=far))
    second = DeploymentFactory(solution=solution, commune=CommuneFactory(departement=far))
    at_home = DeploymentFactory(solution=solution, commune=solution.organisation.commune)
    first.delete()
    assert places(solution) == {home_code, far.code}
    second.delete()
    at_home.delete()
    assert places(solution) == {home_code}  # its organisation's département stays


def test_moving_a_deployment_to_another_solution_moves_its_place(hub_a, solution, home_code):
    other = published_solution(organisation_in(hub_a))
    far = DepartementFactory()
    deployment = DeploymentFactory(solution=solution, commune=CommuneFactory(departement=far))
    deployment.solution = other
    deployment.save()
    assert places(solution) == {home_code}
    assert far.code in places(other)


def test_an_organisation_that_moves_takes_its_solutions_with_it(client, solution, home_code):
    elsewhere = CommuneFactory(departement=DepartementFactory())
    organisation = solution.organisation
    organisation.commune = elsewhere
    organisation.save()
    assert places(solution) == {elsewhere.departement_id}
    assert found(client, departement=home_code) == []


def test_a_solution_with_deployments_can_be_deleted(solution):
    DeploymentFactory(solution=solution, commune=CommuneFactory(departement=DepartementFactory()))
    solution.delete()
    assert not SolutionPlace.objects.exists()


def test_a_bulk_load_is_placed_by_refreshing_every_solution(solution, home_code):
    far = DepartementFactory()
    Deployment.objects.bulk_create(
        [
            Deployment(
                solution=solution,
                organisation=solution.organisation,
                departement=far,
                started_on="2025-01-01",
            )
        ]
    )
    assert places(solution) == {home_code}  # no signal on a bulk load
    refresh_all_places()
    assert places(solution) == {home_code, far.code}


def test_the_search_copy_has_a_trigram_index_on_postgresql_only():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "projects_solution")
    assert ("solution_search_text_trgm" in indexes) == (connection.vendor == "postgresql")
