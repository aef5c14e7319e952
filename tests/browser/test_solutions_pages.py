"""The solutions catalogue in Chromium: the list with its filters open, a solution's page and
its take-up form with no axe violation; a keyboard alone finds a solution and sends a
request; without JavaScript the forms still work."""

from urllib.parse import parse_qs, urlsplit

import pytest

from hubsite.vocabulary import Service
from projects.models import TakeUpRequest
from tests.browser.helpers import tab_until
from tests.factories import CommuneFactory, DepartementFactory, HubFactory, RegionFactory
from tests.projects.catalogue_data import documented_solution
from tests.projects.factories import OrganisationFactory

TITLE = "Cafés numériques des médiathèques"


@pytest.fixture
def solution(portal):
    region = RegionFactory(code="75", name="Nouvelle-Aquitaine")
    charente = DepartementFactory(code="16", name="Charente", region=region)
    HubFactory(
        name="Hub de Nouvelle-Aquitaine",
        slug="nouvelle-aquitaine",
        departements=[charente, DepartementFactory(code="17", name="Charente-Maritime")],
    )
    angouleme = CommuneFactory(
        insee_code="16015", name="Angoulême", departement=charente, postcodes=["16000"]
    )
    CommuneFactory(insee_code="16102", name="Cognac", departement=charente, postcodes=["16100"])
    organisation = OrganisationFactory(name="Les Connectés", commune=angouleme)
    return documented_solution(
        organisation,
        title=TITLE,
        slug="cafes-numeriques",
        services=[Service.DEMARCHES, Service.OUTILS_QUOTIDIEN],
        cost_per_person=20,
    )


def open_all_details(page):
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def test_catalogue_with_results_and_filters_open_has_no_axe_violation(
    solution, page, live_url, axe, outside_requests, console_errors
):
    response = page.goto(live_url("/solutions/?q=mediatheque&services=demarches"))
    assert response.status == 200
    assert "1 solution trouvée" in page.locator("#resultats-titre").inner_text()
    open_all_details(page)
    axe(page)
    page.goto(live_url("/solutions/?q=introuvable"))
    axe(page)
    assert outside_requests == []
    assert console_errors == []


def test_solution_page_and_its_form_with_errors_have_no_axe_violation(
    solution, page, live_url, axe, outside_requests, console_errors
):
    response = page.goto(live_url("/solutions/cafes-numeriques/"))
    assert response.status == 200
    assert TITLE in page.locator("h1").inner_text()
    axe(page)
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url(lambda url: url.endswith("/deployer/#deployer"))
    assert "Indiquez votre nom." in page.locator("#deployer").inner_text()
    axe(page)
    assert outside_requests == []
    # The form with its errors is answered 400, which Chromium reports; nothing else.
    assert [error for error in console_errors if "status of 400" not in error] == []


def test_keyboard_only_search_reaches_a_solution(solution, page, live_url, outside_requests):
    page.goto(live_url("/solutions/"))
    tab_until(page, "el => el.tagName === 'INPUT' && el.name === 'q'")
    page.keyboard.type("cafés")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == ["cafés"])
    tab_until(
        page,
        "el => el.tagName === 'A' && el.getAttribute('href') === '/solutions/cafes-numeriques/'",
    )
    page.keyboard.press("Enter")
    page.wait_for_url(live_url("/solutions/cafes-numeriques/"))
    assert TITLE in page.locator("h1").inner_text()
    assert outside_requests == []


def fill_take_up(page, *, commune: str):
    page.get_by_label("Bibliothèque ou médiathèque").check()
    page.get_by_label("Votre nom").fill("Camille Martin")
    page.get_by_label("Votre courriel").fill("camille@cognac.example")
    page.get_by_label("Votre commune").fill(commune)
    page.get_by_label("Votre besoin").fill("Des ateliers pour nos lecteurs seniors.")


@pytest.mark.parametrize("javascript", [True, False], ids=["with_js", "without_js"])
def test_a_take_up_request_is_sent_from_the_keyboard(
    solution, new_page, live_url, outside_requests, javascript
):
    page = new_page(java_script_enabled=javascript)
    page.goto(live_url("/solutions/cafes-numeriques/"))
    fill_take_up(page, commune="16100")
    tab_until(page, "el => el.tagName === 'BUTTON' && el.innerText.includes('Envoyer ma demande')")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/deployer/merci/" in url)
    text = page.locator("main").inner_text()
    assert "Votre demande est envoyée" in text
    assert "Hub de Nouvelle-Aquitaine" in text and "Les Connectés" in text
    assert TakeUpRequest.objects.get().commune_id == "16102"
    assert outside_requests == []


def test_filters_work_as_a_plain_form_without_javascript(
    solution, page_without_js, live_url, outside_requests
):
    page = page_without_js
    page.goto(live_url("/solutions/"))
    page.locator("summary", has_text="Filtrer les solutions").click()
    page.get_by_label("Aide aux démarches administratives").check()
    page.get_by_label("Jusqu'à (€)").fill("25")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url(lambda url: "services=demarches" in url and "cout_max=25" in url)
    assert TITLE in page.locator("main").inner_text()
    page.get_by_label("Jusqu'à (€)").fill("10")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url(lambda url: "cout_max=10" in url)
    assert "Aucune solution trouvée" in page.locator("main").inner_text()
    assert outside_requests == []
