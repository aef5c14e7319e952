"""The mediator's path in Chromium: their home, describing a solution tab by tab, sending it
to the hub and reading where it stands; axe (WCAG 2.1 A/AA) on each whole page the mediator
uses, Wagtail's own chrome included."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from hubsite.services import sync_roles
from projects.models import Solution
from tests.browser.test_admin_venue_map import log_in
from tests.factories import HubFactory, coordinator_of
from tests.projects.factories import mediator_of, organisation_in

SPACE = "#maillage-mediator-space-section"


@pytest.fixture
def mediator(portal):
    hub = HubFactory(name="Hub Bretagne", slug="bretagne")
    coordinator_of(hub, username="coordination-bretagne")
    user = mediator_of(organisation_in(hub, name="Les Connectés de Rennes"), username="gwen")
    sync_roles()
    return user


def test_a_mediator_describes_a_solution_and_sends_it_to_the_hub(
    mediator, page, live_url, axe, outside_requests
):
    log_in(page, live_url, mediator)
    space = page.locator(SPACE)
    assert "Mon espace" in space.inner_text()
    axe(page)

    space.get_by_role("link", name="Décrire une nouvelle solution").click()
    page.wait_for_url(live_url(reverse("solutions_admin:add")))
    axe(page)
    page.fill("#id_title", "Les ateliers du mardi")
    page.fill("#id_summary", "Un atelier par semaine pour les démarches.")
    page.fill("#id_problem", "Les démarches en ligne bloquent.")
    page.get_by_role("tab", name="Comment ça marche").click()
    page.fill("#id_how_it_works", "Six personnes, un médiateur, le mardi.")
    axe(page)

    page.get_by_role("button", name="Plus d'actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer au hub").click()
    # The page the send leads to, once loaded (Playwright's assertion waits for it).
    expect(page.locator("body")).to_contain_text("ateliers du mardi", timeout=15_000)
    # The sent version, the latest (Wagtail may already have saved a draft of the new one).
    solution = Solution.objects.filter(title="Les ateliers du mardi").latest("pk")
    assert solution.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    page.goto(live_url(reverse("solutions_admin:list")))
    assert "En relecture par le hub" in page.locator("table.listing").inner_text()
    axe(page)
    assert outside_requests == []
