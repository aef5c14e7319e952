"""A venue's confirmation page in Chromium: no axe violation, with its correction form and
with the form's errors; usable with the keyboard alone and without JavaScript."""

import re

import pytest

from directory import confirmation_service
from directory.models import ConfirmationRequest, ProposalStatus, Venue
from tests.browser.helpers import tab_until
from tests.directory.factories import VenueFactory
from tests.factories import CommuneFactory, DepartementFactory, HubFactory

VENUE_NAME = "Tiers-lieu de la Grand-Font"


@pytest.fixture
def link(portal):
    """The path of a fresh confirmation link of a venue in a hub's département."""
    charente = DepartementFactory(code="16", name="Charente")
    HubFactory(
        name="Hub de Charente",
        slug="charente",
        departements=[charente, DepartementFactory(code="17", name="Charente-Maritime")],
    )
    commune = CommuneFactory(departement=charente, name="Angoulême", postcodes=["16000"])
    venue = VenueFactory(
        name=VENUE_NAME, commune=commune, postcode="16000", emails="accueil@example.org"
    )
    venue = Venue.objects.select_related("departement__hub").get(pk=venue.pk)
    _request, message = confirmation_service.create_request(venue=venue, by=None)
    return re.search(r"http://testserver(/lieux/confirmer/[\w-]+/)", message["text"]).group(1)


def test_the_confirmation_page_and_its_errors_have_no_axe_violation(
    link, page, live_url, axe, outside_requests, console_errors
):
    response = page.goto(live_url(link))
    assert response.status == 200
    assert VENUE_NAME in page.locator("h1").inner_text()
    axe(page)

    page.locator("input[name=opening_hours]").fill("lundi 9h-midi")
    page.get_by_role("button", name="Envoyer mes corrections au hub").click()
    page.get_by_text("Ces horaires ne se lisent pas").wait_for()
    axe(page)
    assert ConfirmationRequest.objects.get().used_at is None
    assert outside_requests == []
    # The refused form answers 400, as the browser notes; nothing else went wrong.
    assert [error for error in console_errors if "400 (Bad Request)" not in error] == []


def test_the_venue_confirms_with_the_keyboard_without_javascript(
    link, page_without_js, live_url, outside_requests
):
    page = page_without_js
    page.goto(live_url(link))
    tab_until(page, "el => el.tagName === 'BUTTON' && el.textContent.includes('Tout est exact')")
    page.keyboard.press("Enter")
    page.get_by_text("Merci, votre réponse est enregistrée").wait_for()
    assert ConfirmationRequest.objects.get().outcome == "confirmed"
    assert outside_requests == []


def test_the_venue_proposes_corrections_without_javascript(
    link, page_without_js, live_url, page, axe
):
    page_without_js.goto(live_url(link))
    page_without_js.locator("input[name=phone]").fill("05 45 99 88 77")
    page_without_js.get_by_label("Parentalité et éducation avec le numérique").check()
    page_without_js.get_by_role("button", name="Envoyer mes corrections au hub").click()
    page_without_js.get_by_text("Le hub les examinera").wait_for()

    confirmation = ConfirmationRequest.objects.get()
    assert confirmation.proposal_status == ProposalStatus.PENDING
    assert confirmation.proposal["phone"] == "+33545998877"
    # The used link's page, with JavaScript on, is accessible too.
    page.goto(live_url(link))
    axe(page)
