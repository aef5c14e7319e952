"""The venue finder in Chromium: accessible with results and filters open, usable with a
keyboard alone, working as a plain form without JavaScript, loading nothing from outside."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.helpers import tab_until
from tests.directory.factories import VenueFactory
from tests.factories import CommuneFactory, DepartementFactory, HubFactory, RegionFactory

VENUE_NAME = "Espace public numérique de la Grand-Font"
SEARCH = "/lieux/?q=Angoul%C3%AAme"


@pytest.fixture
def venue(portal):
    """A qualified venue in Angoulême, in the Charente covered by a hub."""
    region = RegionFactory(code="75", name="Nouvelle-Aquitaine")
    charente = DepartementFactory(code="16", name="Charente", region=region)
    HubFactory(
        name="Hub de Nouvelle-Aquitaine",
        slug="nouvelle-aquitaine",
        departements=[charente, DepartementFactory(code="17", name="Charente-Maritime")],
    )
    angouleme = CommuneFactory(
        insee_code="16015",
        name="Angoulême",
        departement=charente,
        latitude=45.6484,
        longitude=0.1562,
        population=41_423,
        postcodes=["16000"],
    )
    soyaux = CommuneFactory(
        insee_code="16374",
        name="Soyaux",
        departement=charente,
        latitude=45.6406,
        longitude=0.2007,
        population=9_600,
        postcodes=["16800"],
    )
    VenueFactory(name="Médiathèque de Soyaux", commune=soyaux, address="2 rue de la Paix")
    return VenueFactory(
        name=VENUE_NAME,
        commune=angouleme,
        address="12 rue de la Grand-Font",
        latitude=45.6530,
        longitude=0.1490,
        phone="05 45 00 00 00",
    )


def open_all_details(page):
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def test_finder_with_results_and_filters_open_has_no_axe_violation(
    venue, page, live_url, axe, outside_requests, console_errors
):
    response = page.goto(live_url(SEARCH))
    assert response.status == 200
    page.get_by_text(VENUE_NAME).first.wait_for()
    open_all_details(page)
    axe(page)
    assert outside_requests == []
    assert console_errors == []


def test_venue_page_has_no_axe_violation(
    venue, page, live_url, axe, outside_requests, console_errors
):
    response = page.goto(live_url(venue.get_absolute_url()))
    assert response.status == 200
    main = page.locator("main").inner_text()
    assert VENUE_NAME in main
    assert "12 rue de la Grand-Font" in main
    axe(page)
    assert outside_requests == []
    assert console_errors == []


def test_full_screen_map_has_no_axe_violation(
    venue, page, live_url, axe, outside_requests, console_errors
):
    response = page.goto(live_url(f"/lieux/carte/?{SEARCH.split('?')[1]}"))
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    axe(page)
    assert outside_requests == []
    assert console_errors == []


@pytest.mark.parametrize("javascript", [True, False], ids=["with_js", "without_js"])
def test_keyboard_only_search_reaches_a_venue(
    venue, new_page, live_url, outside_requests, javascript
):
    page = new_page(java_script_enabled=javascript)
    page.goto(live_url("/lieux/"))
    tab_until(page, "el => el.tagName === 'INPUT' && el.name === 'q'")
    page.keyboard.type("Angoulême")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == ["Angoulême"])
    page.get_by_text(VENUE_NAME).first.wait_for()

    venue_path = venue.get_absolute_url()
    tab_until(page, f"el => el.tagName === 'A' && el.getAttribute('href') === '{venue_path}'")
    page.keyboard.press("Enter")
    page.wait_for_url(live_url(venue_path))
    assert VENUE_NAME in page.locator("h1").inner_text()
    assert outside_requests == []


def test_search_form_returns_the_list_without_javascript(
    venue, page_without_js, live_url, outside_requests
):
    page = page_without_js
    page.goto(live_url("/lieux/"))
    search_box = page.locator("input[name=q]")
    search_box.fill("16000")
    search_box.press("Enter")
    page.wait_for_url(lambda url: "q=16000" in url)
    results = page.locator("main").inner_text()
    assert VENUE_NAME in results
    assert "Médiathèque de Soyaux" in results
    # Nearest first: the Angoulême venue comes before the one in Soyaux.
    assert results.index(VENUE_NAME) < results.index("Médiathèque de Soyaux")
    assert outside_requests == []


def test_a_too_long_search_is_explained_and_has_no_axe_violation(
    venue, page, page_without_js, live_url, axe, outside_requests
):
    url = live_url("/lieux/?q=" + "Angoul%C3%AAme+" * 25)
    for current in (page_without_js, page):
        response = current.goto(url)
        assert response.status == 200
        assert "trop longue" in current.locator("#id_q_error").inner_text()
        described_by = current.locator("input[name=q]").get_attribute("aria-describedby")
        assert "id_q_error" in described_by.split()
    axe(page)
    assert outside_requests == []
