"""The public catalogue /solutions/: search blind to accents and plurals, filters that
combine, sorts, only the published version, constant query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hubsite.vocabulary import Public, Service
from projects.models import Format, Maturity, ReuseTerms, Solution
from tests.factories import CommuneFactory, DepartementFactory
from tests.projects.factories import (
    DeploymentFactory,
    SolutionFactory,
    organisation_in,
    published_solution,
)

pytestmark = pytest.mark.django_db

URL = reverse("solutions:index")


def found(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [solution.title for solution in response.context["solutions"]]


@pytest.fixture
def organisation(hub_a):
    return organisation_in(hub_a)


def test_search_ignores_accents_and_case(client, organisation):
    SolutionFactory(organisation=organisation, title="Médiathèque connectée")
    SolutionFactory(organisation=organisation, title="Autre chose")

    assert found(client, q="mediatheque") == ["Médiathèque connectée"]
    assert found(client, q="MÉDIATHÈQUE") == ["Médiathèque connectée"]
    assert found(client, q="connectée médiathèque") == ["Médiathèque connectée"]


def test_search_ignores_the_plural_both_ways(client, organisation):
    SolutionFactory(organisation=organisation, title="Ateliers en bureaux de poste")
    SolutionFactory(
        organisation=organisation, title="Tablettes", summary="Un atelier de prise en main."
    )
    assert found(client, q="atelier") == ["Ateliers en bureaux de poste", "Tablettes"]
    assert found(client, q="bureau") == ["Ateliers en bureaux de poste"]
    assert found(client, q="tablette") == ["Tablettes"]
    assert found(client, q="œuvre") == []


def test_search_matches_whole_words_from_their_start(client, organisation):
    SolutionFactory(organisation=organisation, title="Dynamique locale", summary="Un réseau.")
    assert found(client, q="dynamique") == ["Dynamique locale"]
    assert found(client, q="namique") == []


def test_a_word_of_the_title_ranks_first(client, organisation):
    SolutionFactory(organisation=organisation, title="Aaa", how_it_works="Avec des seniors.")
    SolutionFactory(organisation=organisation, title="Zzz seniors")
    assert found(client, q="senior") == ["Zzz seniors", "Aaa"]


def test_an_unpublished_solution_is_not_listed(client, organisation):
    SolutionFactory(organisation=organisation, title="Brouillon", live=False)
    SolutionFactory(organisation=organisation, title="Publiée")
    assert found(client) == ["Publiée"]
    assert found(client, q="brouillon") == []


def test_the_next_version_in_review_is_not_searched_nor_shown(client, organisation):
    solution = published_solution(organisation, title="Cafés numériques")
    solution.title = "Goûters numériques"
    solution.summary = "Un texte pas encore relu."
    solution.save_revision()  # the next version waits for its hub; the row keeps the live one

    solution.refresh_from_db()
    assert solution.has_unpublished_changes
    assert found(client, q="cafe") == ["Cafés numériques"]
    assert found(client, q="gouter") == []
    page = client.get(reverse("solutions:detail", args=[solution.slug])).content.decode()
    assert "Cafés numériques" in page and "pas encore relu" not in page


def test_services_publics_formats_maturity_and_reuse_filters(client, organisation):
    SolutionFactory(
        organisation=organisation,
        title="A",
        services=[Service.DEMARCHES],
        publics=[Public.SENIORS],
        formats=[Format.WORKSHOP],
        maturity=Maturity.PROVEN,
        reuse_terms=ReuseTerms.OPEN,
    )
    SolutionFactory(
        organisation=organisation,
        title="B",
        services=[Service.SECURITE],
        publics=[Public.JEUNES],
        formats=[Format.LENDING, Format.REMOTE],
        maturity=Maturity.PILOT,
        reuse_terms=ReuseTerms.FRANCHISE,
    )
    assert found(client, services="demarches") == ["A"]
    assert found(client, services=["demarches", "securite"], tri="personnes") == ["A", "B"]
    assert found(client, publics="jeunes") == ["B"]
    assert found(client, format="pret") == ["B"]
    assert found(client, maturite="proven") == ["A"]
    assert found(client, reprise="franchise") == ["B"]
    # Different filters combine.
    assert found(client, services="demarches", publics="jeunes") == []
    assert found(client, q="ateliers", format=["pret", "atelier"], maturite="pilot") == ["B"]


def test_where_it_runs_is_its_organisation_or_a_deployment(client, hub_a, hub_b, organisation):
    home_made = SolutionFactory(organisation=organisation, title="Maison")
    elsewhere = SolutionFactory(organisation=organisation_in(hub_b), title="Ailleurs")
    far = DepartementFactory()
    DeploymentFactory(solution=elsewhere, commune=CommuneFactory(departement=far))
    DeploymentFactory(
        solution=home_made,
        commune=CommuneFactory(departement=hub_b.departements.first()),
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2021, 1, 1),
    )
    assert found(client, hub="hub-a") == ["Maison"]
    assert found(client, hub="hub-b") == ["Ailleurs", "Maison"]
    assert found(client, departement=far.code) == ["Ailleurs"]
    assert found(client, departement=far.code, hub="hub-a") == []
    assert found(client, hub="inconnu") == ["Ailleurs", "Maison"]  # an invalid value is ignored


def test_cost_per_person_range(client, organisation):
    SolutionFactory(organisation=organisation, title="Gratuite", cost_per_person=0)
    SolutionFactory(organisation=organisation, title="Moyenne", cost_per_person=40)
    SolutionFactory(organisation=organisation, title="Chère", cost_per_person=300)
    SolutionFactory(organisation=organisation, title="Inconnue", cost_per_person=None)
    assert found(client, cout_max=50) == ["Gratuite", "Moyenne"]
    assert found(client, cout_min=10, cout_max=400) == ["Chère", "Moyenne"]
    response = client.get(URL, {"cout_min": "beaucoup"})
    assert response.status_code == 200
    assert len(response.context["solutions"]) == 4


def test_sorts(client, organisation):
    old = SolutionFactory(
        organisation=organisation, title="B", maturity=Maturity.SCALING, people_per_year=10
    )
    new = SolutionFactory(
        organisation=organisation, title="A", maturity=Maturity.IDEA, people_per_year=500
    )
    SolutionFactory(organisation=organisation, title="C", maturity=Maturity.PROVEN)
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    Solution.objects.filter(pk=old.pk).update(first_published_at=now - datetime.timedelta(days=9))
    Solution.objects.filter(pk=new.pk).update(first_published_at=now)

    assert found(client) == ["B", "C", "A"]  # by maturity unless told
    assert found(client, tri="maturite") == ["B", "C", "A"]
    assert found(client, tri="personnes") == ["A", "B", "C"]
    assert found(client, tri="recent") == ["A", "B", "C"]
    # With a query, by relevance, then by maturity.
    assert found(client, q="ateliers") == ["B", "C", "A"]
    assert found(client, q="ateliers", tri="recent") == ["A", "B", "C"]


def test_the_count_is_announced_and_the_empty_state_helps(client, organisation):
    SolutionFactory(organisation=organisation, title="Une")
    page = client.get(URL).content.decode()
    assert re.search(r'<h2 id="resultats-titre" role="status">1 solution trouvée', page)
    page = client.get(URL, {"q": "introuvable", "maturite": "idea"}).content.decode()
    assert "Aucune solution trouvée" in page
    assert "Retirez un ou plusieurs filtres" in page
    assert 'href="/solutions/"' in page


def test_filters_stay_checked_and_pages_keep_them(client, organisation):
    for number in range(25):
        SolutionFactory(
            organisation=organisation, title=f"S{number:02d}", services=[Service.LOISIRS]
        )
    response = client.get(URL, {"services": "loisirs", "q": "atelier"})
    page = response.content.decode()
    assert 'value="loisirs" id="filtre-services-5" checked' in page
    assert re.search(r'href="\?[^"]*services=loisirs[^"]*page=2"', page)
    assert len(client.get(URL, {"services": "loisirs", "page": 2}).context["solutions"]) == 5


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_catalogue(client, hub_a, hub_b, organisation):
    params = {"q": "solution", "services": "demarches", "hub": "hub-a"}

    def add(count):
        for _ in range(count):
            solution = SolutionFactory(
                organisation=organisation_in(hub_a), services=[Service.DEMARCHES]
            )
            DeploymentFactory(solution=solution, commune=CommuneFactory(departement=far))

    far = DepartementFactory()
    add(3)
    _queries(client, params)  # warm caches (site, hubs' menu)
    small = _queries(client, params)
    add(30)
    assert _queries(client, params) == small
