"""The coordinator's funding screens in Chromium: an application with its co-financing check,
its comments, and the private calendars page, accessible (axe, WCAG 2.1 A/AA) and reached by
keyboard."""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.models import Application, Perimeter, SourceType, Status
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


def press_enter_on(page, locator) -> None:
    """Give ``locator`` the keyboard focus and press Enter, waiting for the page it sends."""
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def save(page) -> None:
    press_enter_on(page, page.locator("footer button[type=submit]").first)


def move(page, live_url, application, name: str, axe) -> None:
    """A pipeline move through its confirmation page, by keyboard."""
    page.goto(live_url(reverse(f"funding_applications:{name}", args=[application.pk])))
    axe(page, context="main")
    press_enter_on(page, page.locator("main form button[type=submit]"))


@pytest.fixture
def calls(portal):
    hub = HubFactory(name="Hub Nouvelle-Aquitaine", slug="nouvelle-aquitaine")
    soon = timezone.localdate() + datetime.timedelta(days=12)
    covering = CallFactory(
        title="FEDER inclusion numérique",
        rate_cap=Decimal(40),
        perimeter=Perimeter.DEPARTEMENTS,
        deadline_on=soon,
    )
    covering.departements.add(hub.departements.first())
    CallFactory(title="Appel d'une autre région", perimeter=Perimeter.REGIONS, deadline_on=soon)
    CallFactory(title="Appel lointain", deadline_on=soon + datetime.timedelta(days=200))
    return hub, covering


def test_a_coordinator_goes_from_a_call_to_its_final_report_by_keyboard(
    calls, page, live_url, axe, outside_requests
):
    hub, call = calls
    log_in(page, live_url, coordinator_of(hub))

    # The call closing soon that covers the hub, found with the catalogue's filters.
    filters = urlencode({"closing_within": 30, "covers_hub": hub.pk, "open_now": "true"})
    page.goto(live_url(reverse("funding_calls:index") + "?" + filters))
    listing = page.locator("main").inner_text()
    assert "FEDER inclusion numérique" in listing
    assert "Appel d'une autre région" not in listing and "Appel lointain" not in listing
    axe(page, context="main")

    # An application to it, with a plan asking the EU for more than the call's 40 %.
    page.goto(live_url(reverse("funding_applications:add")))
    page.locator("#id_title").focus()
    page.keyboard.type("Bus numérique du Limousin")
    page.locator("#id_call").select_option(str(call.pk))
    page.get_by_role("tab", name="Budget et cofinancement").focus()
    page.keyboard.press("Enter")
    page.locator("#id_total_budget").fill("100000")
    page.locator("#id_amount_requested").fill("60000")
    for index, (source, amount, requested) in enumerate(
        [("eu", "60000", True), ("own", "40000", False)]
    ):
        page.locator("#id_plan-ADD").focus()
        page.keyboard.press("Enter")
        page.locator(f"#id_plan-{index}-source_type").select_option(source)
        page.locator(f"#id_plan-{index}-amount").fill(amount)
        if requested:
            page.locator(f"#id_plan-{index}-is_requested").check()
    axe(page, context="main")
    save(page)
    application = Application.objects.get(title="Bus numérique du Limousin")
    assert application.hub == hub
    content = page.locator("#funding-application")
    assert "dépasse le taux maximal" in content.inner_text()
    axe(page, context="#funding-application")

    # Submitting is refused while the cap is exceeded; fixed, it goes through.
    move(page, live_url, application, "prepare", axe)
    page.goto(live_url(reverse("funding_applications:submit", args=[application.pk])))
    press_enter_on(page, page.locator("main form button[type=submit]"))
    assert "dépasse le taux maximal" in page.locator("main").inner_text()
    application.refresh_from_db()
    assert application.status == Status.PREPARING

    page.goto(live_url(reverse("funding_applications:edit", args=[application.pk])))
    page.get_by_role("tab", name="Budget et cofinancement").focus()
    page.keyboard.press("Enter")
    page.locator("#id_amount_requested").fill("40000")
    page.locator("#id_plan-0-amount").fill("40000")
    page.locator("#id_plan-1-amount").fill("60000")
    save(page)
    assert "dépasse le taux maximal" not in page.locator("#funding-application").inner_text()
    move(page, live_url, application, "submit", axe)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED

    # The grant, then the agreement's tranches and its final report.
    page.goto(live_url(reverse("funding_applications:edit", args=[application.pk])))
    page.get_by_role("tab", name="Budget et cofinancement").focus()
    page.keyboard.press("Enter")
    page.locator("#id_amount_granted").fill("40000")
    save(page)
    move(page, live_url, application, "grant", axe)
    report_due = timezone.localdate() + datetime.timedelta(days=400)
    page.goto(live_url(reverse("funding_applications:edit", args=[application.pk])))
    page.get_by_role("tab", name="Dates et versements").focus()
    page.keyboard.press("Enter")
    page.locator("#id_final_report_due_on").fill(report_due.strftime("%Y-%m-%d"))
    tranches = [("advance", "12000"), ("interim", "16000"), ("balance", "12000")]
    for index, (kind, amount) in enumerate(tranches):
        page.locator("#id_payments-ADD").focus()
        page.keyboard.press("Enter")
        page.locator(f"#id_payments-{index}-kind").select_option(kind)
        page.locator(f"#id_payments-{index}-amount").fill(amount)
    axe(page, context="main")
    save(page)
    application.refresh_from_db()
    assert application.status == Status.GRANTED
    assert sorted(p.amount for p in application.payments.all()) == [12000, 12000, 16000]
    deadlines = page.locator("#funding-application").inner_text()
    assert "Bilan à rendre" in deadlines

    # Their calendar feed: every deadline of the hub behind a secret link.
    page.goto(live_url(reverse("funding_calendars")))
    press_enter_on(page, page.locator("#funding-calendars form button[type=submit]").first)
    assert "/financements/calendrier/" in page.locator("main").inner_text()
    axe(page, context="main")
    assert outside_requests == []
