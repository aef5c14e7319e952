"""A solution's public page: evidence, what it takes, reuse, materials, the maturity rule it
meets, its deployments on a map and as a timeline."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Maturity
from tests.directory.factories import venue_in
from tests.factories import CommuneFactory, DepartementFactory
from tests.projects.catalogue_data import documented_solution
from tests.projects.factories import DeploymentFactory, SolutionFactory, organisation_in

pytestmark = pytest.mark.django_db


def page_of(client, solution) -> str:
    response = client.get(reverse("solutions:detail", args=[solution.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_unpublished_solution_is_not_found(client, hub_a):
    solution = SolutionFactory(organisation=organisation_in(hub_a), live=False)
    assert client.get(reverse("solutions:detail", args=[solution.slug])).status_code == 404
    assert client.get(reverse("solutions:detail", args=["inconnue"])).status_code == 404


def test_the_page_shows_the_evidence_and_what_it_takes(client, hub_a):
    solution = documented_solution(
        organisation_in(hub_a, name="Les Connectés"),
        title="Cafés numériques",
        staff="Un médiateur à mi-temps",
        equipment="Six tablettes",
        cost_per_person=35,
        reuse_terms="open",
        contact_email="contact@connectes.example",
    )
    page = page_of(client, solution)
    assert "Cafés numériques" in page and "Les Connectés" in page
    assert "Personnes autonomes après six mois" in page and "310 démarches" in page
    assert "Bilan annuel de l&#x27;association" in page  # the source of each figure
    assert '<time datetime="2026-06-30">30 juin 2026</time>' in page
    assert "Un médiateur à mi-temps" in page and "Six tablettes" in page and "35 €" in page
    assert "Méthode et supports ouverts, libres de reprise" in page
    assert "mailto:contact@connectes.example" in page
    # Documents are links that say their format and size.
    assert re.search(r"Évaluation 2025 <span class=\"meta\">\(PDF, 3,0.Kio\)</span>", page)
    assert re.search(r"Guide de l&#x27;animateur <span class=\"meta\">\(ODT, 2,0.Kio\)", page)


def test_the_maturity_rule_is_stated_plainly(client, hub_a):
    solution = documented_solution(organisation_in(hub_a))
    months = solution.months_running()
    page = page_of(client, solution)
    assert (
        f"Éprouvée : fonctionne depuis {months} mois, 2 indicateurs mesurés, 1 évaluation, "
        "2 déploiements en cours dans 1 département"
    ) in page
    assert "au moins 12 mois" in page


def test_a_level_no_longer_met_says_what_is_missing(client, hub_a):
    solution = documented_solution(organisation_in(hub_a), maturity=Maturity.SCALING)
    page = page_of(client, solution)
    assert "En essaimage" in page
    assert "Elle doit être déployée à au moins 3 endroits" in page


def test_deployments_are_drawn_on_a_map_and_listed_by_date(client, hub_a):
    solution = documented_solution(organisation_in(hub_a))
    DeploymentFactory(
        solution=solution,
        commune=CommuneFactory(name="Ancienne", departement=DepartementFactory()),
        started_on=datetime.date(2021, 1, 1),
        ended_on=datetime.date(2022, 1, 1),
    )
    page = page_of(client, solution)
    timeline = page[page.index('<ol class="timeline"') :]
    assert timeline.index("Ancienne") < timeline.index("Bourg 0") < timeline.index("Bourg 1")
    assert "Depuis janvier 2021</time>, jusqu'en janvier 2022" in timeline
    assert "terminé" in timeline
    # The map marks the two running deployments only, on the départements' outlines.
    svg = re.search(r'<svg[^>]*class="map map--points".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in svg and "aria-label=" in svg
    assert svg.count("<circle") == 2


def test_the_venues_of_a_deployment_are_linked_when_published(client, hub_a):
    from directory.models import Status

    solution = documented_solution(organisation_in(hub_a))
    deployment = solution.deployments.first()
    shown = venue_in(hub_a, name="Médiathèque Alpha", status=Status.QUALIFIED)
    hidden = venue_in(hub_a, name="Lieu en attente", status=Status.PENDING)
    deployment.venues.add(shown, hidden)
    page = page_of(client, solution)
    assert f'href="{shown.get_absolute_url()}"' in page
    assert "Lieu en attente" not in page


def _queries(client, solution) -> int:
    with CaptureQueriesContext(connection) as queries:
        page_of(client, solution)
    return len(queries)


def test_query_count_does_not_grow_with_deployments(client, hub_a):
    solution = documented_solution(organisation_in(hub_a))
    _queries(client, solution)
    few = _queries(client, solution)
    departement = DepartementFactory()
    for _ in range(15):
        deployment = DeploymentFactory(
            solution=solution, commune=CommuneFactory(departement=departement)
        )
        deployment.venues.add(venue_in(hub_a))
    assert _queries(client, solution) == few
