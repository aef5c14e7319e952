"""The public finder at /lieux/: a GET form that works without JavaScript, nearest first, with
filters that combine and a URL that carries the whole search."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Status, Venue
from directory.vocabulary import Fee, Public, Service
from tests.directory.finder_data import bulk_venues, scatter, territory, venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    return territory()


@pytest.fixture
def venues(places):
    """Three venues around Angoulême at known distances, and one in Poitiers (other hub dept)."""
    return {
        "near": venue(
            places.angouleme,
            name="Espace numérique de la Grand-Font",
            latitude=45.6530,
            longitude=0.1490,
            services=[Service.DEMARCHES, Service.SECURITE],
            fees=[Fee.GRATUIT],
            accepts_pass_numerique=True,
            opening_hours="Mo-Su 00:00-24:00",
        ),
        "soyaux": venue(
            places.soyaux,
            name="Médiathèque de Soyaux",
            services=[Service.LOISIRS],
            publics=[Public.SENIORS],
            fees=[Fee.PAYANT],
            opening_hours="Sa 09:00-12:00",
        ),
        "cognac": venue(
            places.cognac,
            name="France services de Cognac",
            services=[Service.DEMARCHES],
            fees=[Fee.GRATUIT],
            opening_hours="Mo-Fr 09:00-12:00",
        ),
        "poitiers": venue(
            places.poitiers,
            name="Tiers-lieu de Poitiers",
            services=[Service.INSERTION],
            fees=[Fee.GRATUIT_SOUS_CONDITION],
            opening_hours="",
        ),
    }


def names(response) -> list[str]:
    html = response.content.decode()
    return [
        unescape(name)
        for name in re.findall(r'<h3 class="item-title">.*?<a href="[^"]+">([^<]+)</a>', html)
    ]


def test_the_empty_finder_shows_a_labelled_search_box(client, places):
    response = client.get("/lieux/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_q">Commune, code postal ou adresse</label>' in html
    assert 'method="get"' in html
    assert "venue-list" not in html


def test_a_commune_lists_the_venues_nearest_first_with_their_distance(client, venues):
    response = client.get("/lieux/", {"q": "Angoulême"})
    assert names(response) == [
        "Espace numérique de la Grand-Font",
        "Médiathèque de Soyaux",
        "France services de Cognac",
        "Tiers-lieu de Poitiers",
    ]
    html = response.content.decode()
    assert "Les lieux les plus proches : Angoulême (16)" in html
    assert "à 800 m" in html
    assert "à 3,6 km" in html
    assert "à 38 km" in html
    assert "à 105 km" in html
    assert "Gratuit" in html
    assert "Pass numérique accepté" in html
    assert "Aide aux démarches administratives" in html


def test_a_postcode_and_an_address_find_the_same_list(client, venues):
    by_name = names(client.get("/lieux/", {"q": "Angoulême"}))
    assert names(client.get("/lieux/", {"q": "16000"})) == by_name
    address = "12 rue de Périgueux 16000 Angoulême"
    assert names(client.get("/lieux/", {"q": address})) == by_name


def test_a_position_lists_the_venues_nearest_to_it(client, venues):
    response = client.get("/lieux/", {"lat": "45.6958", "lon": "-0.3287"})
    assert names(response)[0] == "France services de Cognac"
    html = response.content.decode()
    assert "Autour de votre position" in html
    # The position is carried by the form, so that changing a filter keeps it.
    assert 'name="lat" value="45.6958"' in html


def test_the_search_box_wins_over_a_previous_position(client, venues):
    response = client.get("/lieux/", {"q": "Cognac", "lat": "45.6484", "lon": "0.1562"})
    assert names(response)[0] == "France services de Cognac"


def test_an_unknown_place_says_so(client, venues):
    response = client.get("/lieux/", {"q": "Atlantide"})
    assert "Aucune commune ne correspond à « Atlantide »" in response.content.decode()
    assert names(response) == []


def test_homonyms_offer_the_other_communes_as_links(client, places):
    response = client.get("/lieux/", {"q": "Saint-Denis", "services": "demarches"})
    html = unescape(response.content.decode())
    assert "Saint-Denis (974)" in html
    links = re.findall(r'<a href="\?([^"]+)">Saint-Denis \(93\)</a>', html)
    assert len(links) == 1
    chosen = client.get(f"/lieux/?{links[0]}")
    assert "Les lieux les plus proches : Saint-Denis (93)" in chosen.content.decode()
    assert parse_qs(links[0])["services"] == ["demarches"]


def test_filters_combine(client, venues):
    def found(**filters):
        return names(client.get("/lieux/", {"q": "Angoulême", **filters}))

    assert found(services="demarches") == [
        "Espace numérique de la Grand-Font",
        "France services de Cognac",
    ]
    assert found(services=["demarches", "loisirs"]) == [
        "Espace numérique de la Grand-Font",
        "Médiathèque de Soyaux",
        "France services de Cognac",
    ]
    assert found(services="demarches", pass_numerique="on") == ["Espace numérique de la Grand-Font"]
    assert found(free="on") == ["Espace numérique de la Grand-Font", "France services de Cognac"]
    assert found(free="on", services="insertion") == []
    assert found(publics="seniors") == ["Médiathèque de Soyaux"]
    assert found(open_saturday="on") == [
        "Espace numérique de la Grand-Font",
        "Médiathèque de Soyaux",
    ]
    assert found(open_now="on")[0] == "Espace numérique de la Grand-Font"
    assert "Médiathèque de Soyaux" not in found(open_now="on", services="loisirs", free="on")


def test_the_url_carries_the_whole_search(client, venues):
    response = client.get(
        "/lieux/",
        {"q": "Angoulême", "services": "demarches", "free": "on", "hub": "charente-vienne"},
    )
    html = response.content.decode()
    # The form shows the search as it was made.
    assert 'value="Angoulême"' in html
    assert re.search(r'<input[^>]*name="services" value="demarches"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="free"[^>]*checked', html)
    assert '<input type="hidden" name="hub" value="charente-vienne">' in html
    assert '<details class="finder-filters" open>' in html
    # The full-screen map link carries the same search.
    link = unescape(re.search(r'<a href="(/lieux/carte/\?[^"]+)"', html).group(1))
    assert parse_qs(urlsplit(link).query) == {
        "q": ["Angoulême"],
        "services": ["demarches"],
        "free": ["on"],
        "hub": ["charente-vienne"],
    }


def test_invalid_filter_values_are_ignored(client, venues):
    response = client.get("/lieux/", {"q": "Angoulême", "services": "n-importe-quoi"})
    assert response.status_code == 200
    assert len(names(response)) == 4


def test_results_are_paginated_and_pages_keep_the_search(client, places):
    bulk_venues(scatter(25, latitude=45.65, longitude=0.16, spread=0.05), commune=places.angouleme)
    first = client.get("/lieux/", {"q": "Angoulême", "free": "on"})
    html = unescape(first.content.decode())
    assert len(names(first)) == 20
    next_link = re.search(r'<a href="\?([^"]+)" rel="next">', html).group(1)
    assert parse_qs(next_link) == {"q": ["Angoulême"], "free": ["on"], "page": ["2"]}
    second = client.get(f"/lieux/?{next_link}")
    assert len(names(second)) == 5
    assert '<ol class="venue-list" start="21">' in second.content.decode()
    assert set(names(first)).isdisjoint(names(second))


def test_only_qualified_venues_are_listed(client, places):
    venue(places.angouleme, name="En attente", status=Status.PENDING)
    venue(places.angouleme, name="Suspendu", status=Status.SUSPENDED)
    venue(places.angouleme, name="Qualifié")
    assert names(client.get("/lieux/", {"q": "16000"})) == ["Qualifié"]


def test_the_list_works_as_plain_html_and_the_map_only_with_javascript(client, venues):
    html = client.get("/lieux/", {"q": "Angoulême"}).content.decode()
    assert '<ol class="venue-list"' in html
    map_tag = re.search(r'<div class="finder-map[^>]*>', html).group(0)
    assert " hidden " in map_tag
    assert 'aria-label="Carte des lieux trouvés"' in map_tag
    # Markers come from data attributes, never from inline scripts (CSP: script-src 'self').
    assert 'data-lat="45.653000" data-lon="0.149000"' in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag
    assert "/static/leaflet/leaflet.js" in html
    assert "/static/directory/finder.js" in html


def test_a_hub_has_its_own_finder(client, venues, places):
    response = client.get("/lieux/", {"hub": "charente-vienne"})
    assert sorted(names(response)) == sorted(v.name for v in venues.values())
    html = response.content.decode()
    assert "4 lieux du Hub de Charente et Vienne" in html
    # Another hub's finder does not list them.
    other = client.get("/lieux/", {"hub": "ailleurs"})
    assert names(other) == []


def test_a_hub_finder_keeps_to_its_departements(client, places):
    elsewhere = territory_outside()
    venue(places.angouleme, name="En Charente")
    venue(elsewhere, name="En Gironde")
    response = client.get("/lieux/", {"hub": "charente-vienne", "q": "Angoulême"})
    assert names(response) == ["En Charente"]


def territory_outside():
    from tests.factories import CommuneFactory, DepartementFactory

    gironde = DepartementFactory(code="33", name="Gironde")
    return CommuneFactory(
        insee_code="33063",
        name="Bordeaux",
        departement=gironde,
        latitude=44.8378,
        longitude=-0.5792,
    )


def test_the_full_screen_map_keeps_the_search(client, venues):
    response = client.get("/lieux/carte/", {"q": "Angoulême", "services": "demarches"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert 'data-map="full"' in html
    assert 'data-filters="services=demarches"' in html
    assert 'data-lat="45.648400"' in html
    back = re.search(r'<a href="(/lieux/\?[^"]+)">Revenir à la liste', html).group(1)
    assert parse_qs(urlsplit(back).query) == {"q": ["Angoulême"], "services": ["demarches"]}


def test_the_hub_page_shows_its_venues_and_its_finder(client, venues, places):
    response = client.get(places.hub.page.url)
    html = unescape(response.content.decode())
    assert "Les lieux de médiation numérique du territoire" in html
    assert "4 lieux qualifiés par le hub." in html
    assert "Charente (16) : 3 lieux" in html
    assert "Vienne (86) : 1 lieu" in html
    assert 'href="/lieux/?hub=charente-vienne"' in html


def test_the_national_figures_count_qualified_venues(venues, places):
    from hubsite.models.pages import key_figures

    venue(places.angouleme, status=Status.PENDING)
    figures = {str(label): value for label, value in key_figures()}
    assert figures["lieux de médiation numérique qualifiés"] == 4


def count_queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Angoulême"},
        {"q": "16000", "services": "demarches", "free": "on", "open_saturday": "on"},
        {"lat": "45.65", "lon": "0.16", "page": "2"},
        {"hub": "charente-vienne"},
    ],
    ids=["commune", "filters", "position", "hub"],
)
def test_finder_queries_do_not_grow_with_the_venues(client, places, params):
    hours = {"opening_hours": "Sa 09:00-12:00"}
    # Enough venues nearby for a second page from the start (N = 45, then 3N).
    bulk_venues(
        scatter(45, latitude=45.65, longitude=0.16, spread=0.03), commune=places.angouleme, **hours
    )
    client.get("/lieux/", params)  # warms per-process caches (site root paths)
    few = count_queries(client, "/lieux/", params)
    bulk_venues(
        scatter(90, latitude=45.65, longitude=0.16, spread=0.03, seed=2),
        commune=places.angouleme,
        **hours,
    )
    assert Venue.objects.count() == 135
    assert count_queries(client, "/lieux/", params) == few


def test_a_query_over_200_characters_is_refused_with_a_message_tied_to_the_box(client, places):
    response = client.get("/lieux/", {"q": "Angoulême " * 25})

    assert response.status_code == 200
    html = response.content.decode()
    box = re.search(r'<input type="search"[^>]*name="q"[^>]*>', html).group(0)
    described_by = re.search(r'aria-describedby="([^"]+)"', box).group(1).split()
    assert 'aria-invalid="true"' in box
    error = re.search(r'<p[^>]*id="id_q_error"[^>]*>(.*?)</p>', html, re.S)
    assert error and "id_q_error" in described_by
    assert "200 caractères" in unescape(error.group(1))
    # The example under the box still describes it.
    for identifier in described_by:
        assert f'id="{identifier}"' in html
    assert "venue-list" not in html


def test_a_query_of_200_characters_or_less_has_no_error(client, venues):
    response = client.get("/lieux/", {"q": "Angoulême"})

    html = response.content.decode()
    assert 'id="id_q_error"' not in html and 'aria-invalid="true"' not in html
    box = re.search(r'<input type="search"[^>]*name="q"[^>]*>', html).group(0)
    for identifier in re.search(r'aria-describedby="([^"]+)"', box).group(1).split():
        assert f'id="{identifier}"' in html
