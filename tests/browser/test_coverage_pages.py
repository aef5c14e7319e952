"""The coverage pages in Chromium: accessible (the map an image with its title and
description, the figures in real tables), complete without JavaScript, nothing from outside;
and the finder's message where no hub covers the territory."""

import pytest

from directory import coverage
from tests.directory.finder_data import territory, venue


@pytest.fixture
def places(portal):
    places = territory()
    venue(places.angouleme, name="Espace numérique d'Angoulême")
    venue(places.saint_denis_93, name="Espace numérique de la Plaine", latitude=48.886)
    coverage.recompute()
    return places


def test_hub_coverage_page_has_no_axe_violation(
    places, page, live_url, axe, outside_requests, console_errors
):
    page.goto(live_url(f"/lieux/couverture/{places.hub.slug}/"))
    assert page.locator("svg.map--coverage[role=img]").count() == 1
    axe(page)
    assert outside_requests == [] and console_errors == []


def test_national_coverage_page_and_hub_page_have_no_axe_violation(places, page, live_url, axe):
    page.goto(live_url("/lieux/couverture/"))
    axe(page)
    page.goto(live_url(places.hub.page.url))
    assert page.locator("#desserte-titre").count() == 1
    axe(page)


def test_coverage_page_reads_whole_without_javascript(places, page_without_js, live_url):
    page_without_js.goto(live_url(f"/lieux/couverture/{places.hub.slug}/"))
    text = page_without_js.locator("main").inner_text()
    assert "Poitiers" in text and "Cognac" in text  # communes left out, in a table
    assert page_without_js.locator("table caption").count() == 2
    assert page_without_js.locator("svg.map--coverage title").text_content().startswith("Desserte")
    link = page_without_js.get_by_role("link", name="Télécharger la distance de chaque commune")
    assert link.get_attribute("href").endswith("/communes.csv")


def test_finder_where_no_hub_covers_has_no_axe_violation(places, page, live_url, axe):
    page.goto(live_url("/lieux/?q=93200"))
    assert page.get_by_text("Aucun hub ne couvre encore ce territoire").is_visible()
    assert page.get_by_role("link", name="01 70 772 372").get_attribute("href") == (
        "tel:+33170772372"
    )
    axe(page)
