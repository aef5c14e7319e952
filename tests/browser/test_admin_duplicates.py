"""The comparison and merge of two likely duplicates, in Chromium: accessible (axe, WCAG 2.1
A/AA), usable with the keyboard, and working without JavaScript."""

import pytest
from django.urls import reverse

from directory.duplicate_services import refresh_pairs
from directory.models import DuplicatePair, Status, Venue
from tests.browser.test_admin_venue_map import log_in
from tests.directory.factories import VenueFactory
from tests.factories import CommuneFactory, HubFactory, coordinator_of

FORM = "form:has(button[name=merge])"


@pytest.fixture
def pair_and_coordinator(portal):
    hub = HubFactory(name="Hub doublons", slug="hub-doublons")
    commune = CommuneFactory(departement=hub.departements.first(), name="Ruelle-sur-Touvre")
    kept = VenueFactory(
        commune=commune,
        name="APEJ",
        phone="0545360000",
        status=Status.QUALIFIED,
        address="12 rue Henri Fichon",
    )
    VenueFactory(
        commune=commune,
        name="Espace France Services APEJ",
        phone="05 45 36 00 00",
        emails="apej@example.org",
        status=Status.PENDING,
        address="12 r. Henri Fichon",
    )
    refresh_pairs()
    return DuplicatePair.objects.get(), kept, coordinator_of(hub)


def test_the_comparison_has_no_axe_violation_and_merges_with_the_keyboard(
    pair_and_coordinator, page, live_url, axe, outside_requests
):
    pair, kept, coordinator = pair_and_coordinator
    log_in(page, live_url, coordinator)
    page.goto(live_url(reverse("duplicates:compare", args=[pair.pk])))

    assert "même téléphone" in page.content()
    # This project's part of the page; the rest is Wagtail's admin chrome.
    axe(page, context=FORM)

    # The name of the France services desk, chosen with the keyboard.
    page.get_by_role("radio", name="Espace France Services APEJ").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Fusionner les deux lieux").focus()
    page.keyboard.press("Enter")

    page.wait_for_url(f"**{reverse('venues:inspect', args=[kept.pk])}")
    assert Venue.objects.get().name == "Espace France Services APEJ"
    assert outside_requests == []


def test_merging_works_without_javascript(pair_and_coordinator, page_without_js, live_url):
    pair, kept, coordinator = pair_and_coordinator
    log_in(page_without_js, live_url, coordinator)
    page_without_js.goto(live_url(reverse("duplicates:compare", args=[pair.pk])))

    page_without_js.get_by_role("button", name="Fusionner les deux lieux").click()

    page_without_js.wait_for_url(f"**{reverse('venues:inspect', args=[kept.pk])}")
    survivor = Venue.objects.get()
    assert (survivor.pk, survivor.name, survivor.emails) == (kept.pk, "APEJ", "apej@example.org")
