"""The site-wide search, accent-blind on SQLite and PostgreSQL alike."""

import itertools
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from hubsite.views import RESULTS_PER_PAGE
from tests.factories import DepartementFactory, HubFactory, add_event, add_news, add_standard_page

_codes = itertools.count(1)


def new_hub(**kwargs):
    departements = [DepartementFactory(code=f"S{next(_codes):02d}") for _ in range(2)]
    return HubFactory(departements=departements, **kwargs)


@pytest.fixture
def hub(db):
    # A fixed presentation: a random paragraph may hold a word a test searches for.
    return new_hub(name="Bretagne", slug="bretagne", presentation="Le hub de la région.")


def search(client, query: str, **params) -> str:
    response = client.get("/recherche/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def result_titles(page: str) -> list[str]:
    return [
        unescape(title)
        for title in re.findall(r'<h3 class="item-title"><a href="[^"]+">([^<]+)</a>', page)
    ]


def test_typing_without_accents_finds_accented_words(client, hub):
    add_news(hub, title="La Médiathèque ouvre ses portes")
    add_news(hub, title="Atelier cuisine")

    assert result_titles(search(client, "mediatheque")) == ["La Médiathèque ouvre ses portes"]
    assert result_titles(search(client, "MEDIATHEQUE")) == ["La Médiathèque ouvre ses portes"]


def test_typing_accents_finds_words_written_without_them(client, hub):
    add_news(hub, title="Ouverture de la mediatheque", intro="Un espace numerique a Brest")

    assert result_titles(search(client, "Médiathèque")) == ["Ouverture de la mediatheque"]
    assert result_titles(search(client, "numérique")) == ["Ouverture de la mediatheque"]


def test_singular_and_plural_find_each_other(client, hub):
    add_news(hub, title="Nos médiathèques partenaires")
    add_news(hub, title="Un atelier au bureau de poste", intro="Pass numérique accepté")

    assert result_titles(search(client, "médiathèque")) == ["Nos médiathèques partenaires"]
    assert result_titles(search(client, "Partenaire")) == ["Nos médiathèques partenaires"]
    assert result_titles(search(client, "ateliers")) == ["Un atelier au bureau de poste"]
    assert result_titles(search(client, "bureaux")) == ["Un atelier au bureau de poste"]
    assert result_titles(search(client, "pass")) == ["Un atelier au bureau de poste"]
    assert result_titles(search(client, "cuisines")) == []


def test_a_query_of_punctuation_alone_finds_nothing(client, hub):
    add_news(hub, title="La Médiathèque ouvre ses portes")

    assert result_titles(search(client, "« ! »")) == []


def test_search_reads_the_introduction_and_every_text_block(client, hub):
    add_standard_page(
        hub.page,
        title="Ressources",
        body=[
            ("paragraph", RichText("<p>Un guide pour l'<b>accompagnement</b> des aînés.</p>")),
            ("quote", {"quote": "Le numérique s'apprend à tout âge.", "author": "Élodie"}),
        ],
    )
    add_event(hub, title="Café", intro="Rendez-vous à la Médiathèque François-Mitterrand")

    assert result_titles(search(client, "aines")) == ["Ressources"]
    assert result_titles(search(client, "elodie")) == ["Ressources"]
    assert result_titles(search(client, "francois mitterrand")) == ["Café"]


def test_results_show_their_count_hub_and_section(client, hub):
    add_news(hub, title="Médiathèque de Brest")
    add_event(hub, title="Atelier à la médiathèque", days_ahead=3)

    page = search(client, "médiathèque")

    assert "2 résultats pour « médiathèque »" in page
    assert "Médiathèque de Brest" in page and "Atelier à la médiathèque" in page
    assert re.search(r'<span class="tag">Actualité</span> · Bretagne', page)
    assert re.search(r'<span class="tag">Événement</span> · Bretagne', page)
    assert '<a href="/bretagne/actualites/mediatheque-de-brest/">' in page


def test_a_single_result_is_announced_in_the_singular(client, hub):
    add_news(hub, title="Médiathèque de Brest")
    assert "1 résultat pour « brest »" in search(client, "brest")


def test_unpublished_pages_are_not_found(client, hub):
    draft = add_news(hub, title="Médiathèque secrète")
    draft.unpublish()

    page = search(client, "secrete")

    assert result_titles(page) == []
    assert "Aucun résultat pour « secrete »" in page


def test_search_page_without_query_shows_a_labelled_form_only(client, hub):
    page = search(client, "")
    assert '<form class="search-form" role="search" method="get" action="/recherche/">' in page
    assert '<label for="recherche-q">' in page and 'id="recherche-q" name="q"' in page
    assert "résultat" not in page
    assert page.count("<h1") == 1


def test_search_paginates_and_keeps_the_query(client, hub):
    for number in range(RESULTS_PER_PAGE + 2):
        add_news(hub, title=f"Atelier numérique {number}")

    first = search(client, "atelier")
    second = search(client, "atelier", page=2)

    assert len(result_titles(first)) == RESULTS_PER_PAGE
    assert len(result_titles(second)) == 2
    assert 'href="?q=atelier&amp;page=2" rel="next"' in first
    assert f"{RESULTS_PER_PAGE + 2} résultats" in second


def test_search_query_count_does_not_grow_with_results_or_hubs(client, hub):
    def queries() -> int:
        search(client, "atelier")  # warm the site caches
        with CaptureQueriesContext(connection) as captured:
            search(client, "atelier")
        return len(captured)

    add_news(hub, title="Atelier 1")
    add_event(hub, title="Atelier 2", days_ahead=2)
    add_standard_page(hub.page, title="Atelier 3")
    small = queries()
    for number in range(4):
        other = new_hub()
        add_news(other, title=f"Atelier {number} bis")
        add_event(other, title=f"Atelier {number} ter", days_ahead=2)
        add_standard_page(other.page, title=f"Atelier {number} quater")
    assert queries() == small


def test_search_escapes_what_was_typed(client, hub):
    page = search(client, "<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
