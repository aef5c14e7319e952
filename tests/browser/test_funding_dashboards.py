"""The funding dashboards and their panel on the admin home, in Chromium: accessible (axe,
WCAG 2.1 A/AA), the national team picking a hub without JavaScript."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import Deadline, DeadlineKind, LineStatus, SourceType, Status
from tests.browser.test_admin_venue_map import log_in
from tests.factories import HubFactory, UserFactory, coordinator_of
from tests.funding.factories import ApplicationFactory, line, payment

CONTENT = "#funding-dashboard"


@pytest.fixture
def hubs(portal):
    hub_a = HubFactory(name="Hub Nouvelle-Aquitaine", slug="nouvelle-aquitaine")
    hub_b = HubFactory(name="Hub Bretagne", slug="bretagne")
    today = datetime.date.today()
    for hub, amount in ((hub_a, 40000), (hub_b, 25000)):
        won = ApplicationFactory(
            hub=hub,
            status=Status.PAYMENTS,
            amount_granted=Decimal(amount),
            decided_on=today.replace(month=1, day=15),
        )
        line(won, SourceType.LOCAL, 10000, status=LineStatus.SECURED)
        payment(won, amount=amount / 2, received_on=today)
        Deadline.objects.create(
            application=won, kind=DeadlineKind.REPORT, due_on=today + datetime.timedelta(days=7)
        )
        ApplicationFactory(hub=hub, status=Status.REJECTED)
    return hub_a, hub_b


def test_a_hubs_dashboard_and_the_desk_panel_have_no_axe_violation(
    hubs, page, live_url, axe, outside_requests
):
    log_in(page, live_url, coordinator_of(hubs[0]))
    axe(page, context="#maillage-funding-section")
    page.locator("#maillage-funding-section").get_by_role(
        "link", name="Tableau de bord de Hub Nouvelle-Aquitaine"
    ).click()
    page.wait_for_url(f"**{reverse('funding_dashboard_hub', args=[hubs[0].pk])}")
    assert page.locator(f"{CONTENT} svg[role=img]").count() == 4
    axe(page, context=CONTENT)
    assert outside_requests == []


def test_the_national_dashboard_has_no_axe_violation(hubs, page, live_url, axe):
    log_in(page, live_url, UserFactory(is_superuser=True))
    page.goto(live_url(reverse("funding_dashboard_national")))
    assert page.locator(f"{CONTENT} svg[role=img]").count() == 6
    axe(page, context=CONTENT)


def test_the_national_team_picks_a_hub_without_javascript(hubs, page_without_js, live_url):
    log_in(page_without_js, live_url, UserFactory(is_superuser=True))
    page_without_js.goto(live_url(reverse("funding_dashboard_national")))
    page_without_js.select_option("#dashboard-hub", label="Hub Bretagne")
    page_without_js.get_by_role("button", name="Afficher").click()
    page_without_js.wait_for_url(f"**{reverse('funding_dashboard_hub', args=[hubs[1].pk])}")
    assert "Hub Bretagne" in page_without_js.locator("h1").inner_text()
