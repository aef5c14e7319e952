"""The coordinator's funding screens in Chromium: an application with its co-financing check,
its comments, and the private calendars page, accessible (axe, WCAG 2.1 A/AA) and reached by
keyboard."""

from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import SourceType
from tests.browser.test_admin_venue_map import log_in
from tests.factories import HubFactory, coordinator_of
from tests.funding.factories import ApplicationFactory, CallFactory, line


@pytest.fixture
def application(portal):
    hub = HubFactory(name="Hub Nouvelle-Aquitaine", slug="nouvelle-aquitaine")
    call = CallFactory(title="FEDER inclusion numérique", rate_cap=Decimal(40))
    application = ApplicationFactory(hub=hub, call=call, title="Bus numérique")
    line(application, SourceType.EU, 60000, is_requested=True)
    line(application, SourceType.OWN, 40000)
    return application


def test_the_application_and_calendars_pages_have_no_axe_violation(
    application, page, live_url, axe, outside_requests
):
    log_in(page, live_url, coordinator_of(application.hub))
    page.goto(live_url(reverse("funding_applications:inspect", args=[application.pk])))
    content = page.locator("#funding-application")
    assert "dépasse le taux maximal" in content.inner_text()
    axe(page, context="#funding-application")

    page.locator("#id_comment").focus()
    page.keyboard.type("Plan à revoir : 40 % au plus.")
    page.keyboard.press("Tab")
    with page.expect_navigation():  # the POST, then its redirect back to the application
        page.keyboard.press("Enter")
    assert "Plan à revoir : 40 % au plus." in page.locator("#funding-application").inner_text()

    page.goto(live_url(reverse("funding_calendars")))
    axe(page, context="#funding-calendars")
    assert outside_requests == []
