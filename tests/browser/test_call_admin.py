"""The national team sets up a call in the admin with JavaScript off: the calls list leads to
the form, the saved call gets its grid, the list then offers to edit it. The form has no axe
violation (axe itself needs JavaScript: it runs in a second context)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from hubsite.roles import NATIONAL_TEAM
from projects.models import ProjectCall
from tests.browser.test_admin_venue_map import log_in
from tests.factories import UserFactory
from tests.projects.review_factories import ProjectCallFactory


@pytest.fixture
def national(portal):
    return UserFactory(username="equipe", groups=[Group.objects.get(name=NATIONAL_TEAM)])


def test_the_national_team_creates_a_call_without_javascript(
    national, page_without_js, live_url, outside_requests
):
    page = page_without_js
    log_in(page, live_url, national)
    page.goto(live_url(reverse("projects_calls")))
    page.get_by_role("link", name="Nouvel appel").click()
    page.fill("#id_title", "Appel des hubs 2027")
    page.fill("#id_envelope", "3000000")
    page.fill("#id_opens_on", "2027-01-15")
    page.fill("#id_closes_on", "2027-04-30")
    page.fill("#id_reviewers_per_dossier", "3")
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]:not([name])").first.click()
    assert page.url == live_url(reverse("projects_calls"))
    call = ProjectCall.objects.get(title="Appel des hubs 2027")
    assert call.slug == "appel-des-hubs-2027" and call.reviewers_per_dossier == 3
    assert page.get_by_role("link", name="Modifier Appel des hubs 2027").count() == 1
    assert outside_requests == []


def test_the_call_s_form_has_no_axe_violation(national, page, live_url, axe, outside_requests):
    call = ProjectCallFactory(title="Appel 2026")
    log_in(page, live_url, national)
    page.goto(live_url(reverse("projects_call_admin:add")))
    axe(page, context="main")
    page.goto(live_url(reverse("projects_call_admin:edit", args=[call.pk])))
    assert "Modifier la grille de notation" in page.locator("main").inner_text()
    axe(page, context="main")
    assert outside_requests == []
