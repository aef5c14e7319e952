"""The committee's decision form and the hub's follow-up page in Chromium: accessible (axe,
WCAG 2.1 A/AA); the hub reports an indicator without JavaScript."""

import pytest
from django.urls import reverse

from hubsite import services as hub_services
from projects.models import DossierStatus
from tests.browser.test_admin_venue_map import log_in
from tests.factories import HubFactory, coordinator_of
from tests.projects.decision_factories import approve, dossier_in_committee, national_user


@pytest.fixture
def dossiers(portal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hub = HubFactory(name="Hub Nouvelle-Aquitaine", slug="nouvelle-aquitaine")
    national = national_user(username="equipe-nationale")
    followed = dossier_in_committee(hub, title="Ateliers itinérants")
    approve(followed, national)
    hub_services.move(followed, to=DossierStatus.FOLLOW_UP, by=national)
    before_committee = dossier_in_committee(HubFactory(), title="Bus numérique")
    return {"followed": followed, "committee": before_committee, "national": national}


def test_the_decision_form_has_no_axe_violation(dossiers, page, live_url, axe, outside_requests):
    log_in(page, live_url, dossiers["national"])
    page.goto(live_url(reverse("dossiers:approve", args=[dossiers["committee"].pk])))
    assert "Tranche 1" in page.locator("#transition").inner_text()
    axe(page, context="#transition")
    assert outside_requests == []


def test_the_hub_s_follow_up_page_has_no_axe_violation(
    dossiers, page, live_url, axe, outside_requests
):
    followed = dossiers["followed"]
    log_in(page, live_url, coordinator_of(followed.hub))
    page.goto(live_url(reverse("projects_follow_up", args=[followed.pk])))
    content = page.locator("#dossier-follow-up")
    assert "Ce que le hub doit envoyer, et quand" in content.inner_text()
    axe(page, context="#dossier-follow-up")
    assert outside_requests == []


def test_the_hub_reports_an_indicator_without_javascript(
    dossiers, page_without_js, live_url, outside_requests
):
    page = page_without_js
    followed = dossiers["followed"]
    log_in(page, live_url, coordinator_of(followed.hub))
    page.goto(live_url(reverse("projects_follow_up", args=[followed.pk])))

    page.select_option("#id_indicator", label="Personnes accompagnées (personnes)")
    page.select_option("#id_year", "1")
    page.fill("#id_value", "520")
    with page.expect_navigation():
        page.get_by_role("button", name="Renseigner").click()
    assert "500 / 520" in page.locator("#dossier-follow-up").inner_text()
    assert outside_requests == []
