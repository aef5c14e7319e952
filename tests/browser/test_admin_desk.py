"""The coordinator's desk on the admin home, and the unsubscribe page of a notification, in
Chromium: accessible (axe, WCAG 2.1 A/AA) and usable without JavaScript."""

import pytest
from django.urls import reverse

from directory.models import ErrorReport, Status
from directory.services import ERROR_REPORT_KIND
from hubsite.models import Frequency
from hubsite.notifications import frequency_for, get_kind, unsubscribe_token
from tests.browser.test_admin_venue_map import log_in
from tests.directory.factories import VenueFactory
from tests.factories import CommuneFactory, HubFactory, UserFactory, coordinator_of

DESK = "#maillage-desk-section"


def venue_in(hub, **fields):
    commune = CommuneFactory(departement=hub.departements.order_by("code").first())
    return VenueFactory(commune=commune, **fields)


@pytest.fixture
def hubs(portal):
    hub_a = HubFactory(name="Hub Nouvelle-Aquitaine", slug="nouvelle-aquitaine")
    hub_b = HubFactory(name="Hub Bretagne", slug="bretagne")
    for hub in (hub_a, hub_b):
        venue_in(hub, status=Status.PENDING, position_is_approximate=True)
        ErrorReport.objects.create(venue=venue_in(hub), message="Fermé le lundi")
    return hub_a, hub_b


@pytest.mark.parametrize("role", ["coordinator", "national"])
def test_the_desk_has_no_axe_violation(role, hubs, page, live_url, axe, outside_requests):
    user = coordinator_of(hubs[0]) if role == "coordinator" else UserFactory(is_superuser=True)
    log_in(page, live_url, user)

    desk = page.locator(DESK)
    assert "À traiter" in desk.inner_text()
    # Scoped to the desk, this project's part of the page; the rest is Wagtail's admin chrome.
    axe(page, context=DESK)
    assert outside_requests == []


def test_a_desk_count_leads_to_the_filtered_listing(hubs, page, live_url):
    log_in(page, live_url, coordinator_of(hubs[0]))

    page.locator(DESK).get_by_role("link", name="lieux en attente de qualification").click()

    page.wait_for_url(f"**{reverse('venues:list')}?status=pending*")
    assert page.locator("table.listing tbody tr").count() == 1


def test_unsubscribing_works_without_javascript(portal, page_without_js, live_url):
    # axe needs JavaScript: the page itself is checked with the other public pages.
    hub = HubFactory()
    user = coordinator_of(hub)
    url = live_url(reverse("unsubscribe", args=[unsubscribe_token(user, ERROR_REPORT_KIND)]))

    page_without_js.goto(url)
    page_without_js.get_by_role("button", name="Confirmer le désabonnement").click()

    status = page_without_js.get_by_role("status")
    assert "vous ne recevrez plus de courriel" in status.inner_text()
    assert frequency_for(user, get_kind(ERROR_REPORT_KIND)) == Frequency.NEVER
