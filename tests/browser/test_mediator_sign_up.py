"""A mediator's first steps in Chromium: sign up, confirm the address, list the organisation.
Every page has no axe violation (errors shown included), every field is reached with the
keyboard, and the whole path works with JavaScript off."""

import re

import pytest
from django.core import mail

from tests.browser.helpers import focused
from tests.factories import CommuneFactory, HubFactory
from tests.projects.factories import valid_siret

PASSWORD = "Ateliers-du-mardi-2026"
LINK = re.compile(r"http://testserver(/espace/verification/\S+)")


@pytest.fixture
def territory(portal):
    hub = HubFactory(name="Hub de Charente", slug="charente")
    departement = hub.departements.first()
    CommuneFactory(departement=departement, name="Saint-Yrieix", postcodes=["16710"])
    CommuneFactory(departement=departement, name="Gond-Pontouvre", postcodes=["16710"])
    mail.outbox.clear()
    return hub


def tab_stops(page, limit=60) -> list[str]:
    """The names (or texts) of the form's controls, in the order Tab reaches them."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["tag"] == "body":
            break
        stops.append(element["name"] or element["text"])
    return stops


def sign_up(page, live_url, axe=None):
    page.goto(live_url("/espace/inscription/"))
    if axe:
        axe(page)
        stops = tab_stops(page)
        for name in ("first_name", "last_name", "email", "password", "password_again", "consent"):
            assert name in stops, stops
        assert "Créer mon compte" in stops
    page.fill("#id_first_name", "Camille")
    page.fill("#id_last_name", "Durand")
    page.fill("#id_email", "camille@example.org")
    page.fill("#id_password", "court")
    page.fill("#id_password_again", "court")
    # Submitted from the keyboard: Enter in a field.
    page.press("#id_password_again", "Enter")
    page.wait_for_load_state()
    assert "trop court" in page.locator("main").inner_text()
    assert page.locator("#id_password").get_attribute("aria-invalid") == "true"
    if axe:
        axe(page)
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_again", PASSWORD)
    page.check("#id_consent")
    page.press("#id_password_again", "Enter")
    page.wait_for_load_state()
    assert "Regardez votre messagerie" in page.locator("h1").inner_text()
    if axe:
        axe(page)
    (message,) = mail.outbox
    page.goto(live_url(LINK.search(message.body).group(1)))
    if axe:
        axe(page)
    page.get_by_role("button", name="Activer mon compte").click()
    page.wait_for_load_state()
    assert "Mon organisation" in page.locator("h1").inner_text()
    if axe:
        axe(page)


def create_organisation(page, live_url, axe=None):
    page.get_by_role("link", name="Inscrire ou rejoindre une organisation").click()
    page.wait_for_load_state()
    if axe:
        axe(page)
    page.fill("#id_name", "Les Connectés de Charente")
    page.select_option("#id_legal_form", "association")
    page.fill("#id_siret", "12345678901234")
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_load_state()
    assert "clé de contrôle" in page.locator("main").inner_text()
    if axe:
        axe(page)
    page.fill("#id_siret", valid_siret(77))
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_load_state()
    assert "Étape 2 sur 2" in page.locator("main").inner_text()
    if axe:
        axe(page)
    page.fill("#id_address", "12 rue de Périgueux")
    page.fill("#id_postcode", "16710")
    page.get_by_role("button", name="Inscrire l'organisation").click()
    page.wait_for_load_state()
    assert "plusieurs communes" in page.locator("main").inner_text()
    if axe:
        axe(page)
    page.get_by_label("Gond-Pontouvre").check()
    page.get_by_role("button", name="Inscrire l'organisation").click()
    page.wait_for_load_state()
    assert "Les Connectés de Charente" in page.locator("h1").inner_text()
    assert "Gond-Pontouvre" in page.locator("main").inner_text()
    if axe:
        axe(page)


def test_sign_up_and_organisation_pages_are_accessible_and_keyboard_usable(
    territory, page, live_url, axe, outside_requests, console_errors
):
    sign_up(page, live_url, axe)
    create_organisation(page, live_url, axe)
    page.fill("#id_email", "collegue@example.org")
    page.press("#id_email", "Enter")
    page.wait_for_load_state()
    assert "Invitation envoyée à collegue@example.org" in page.locator("main").inner_text()
    axe(page)
    assert outside_requests == []
    assert [e for e in console_errors if "status of 400" not in e] == []


def test_the_mediators_first_steps_work_without_javascript(
    territory, page_without_js, live_url, outside_requests
):
    sign_up(page_without_js, live_url)
    create_organisation(page_without_js, live_url)
    assert outside_requests == []
