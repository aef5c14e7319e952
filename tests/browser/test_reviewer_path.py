"""A reviewer's path in Chromium: "Mes relectures", a dossier's grid filled with the keyboard
alone (Tab, arrows, space, Enter), a draft kept, then sent; in a blind review the other
reviewer's marks appear only after. The desk, the review page and the outside expert's public
page have no axe violation; the expert's page works without JavaScript."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hubsite.roles import FUNDER_REVIEWERS, NATIONAL_TEAM
from projects import scoring, services
from projects.models import (
    Criterion,
    DossierStatus,
    ExpertOpinion,
    GridSection,
    Recommendation,
    ReviewStatus,
    Scale,
)
from projects.services import expert_opinions
from tests.browser.helpers import focused, tab_until
from tests.browser.test_admin_venue_map import log_in
from tests.factories import HubFactory, UserFactory
from tests.projects.review_factories import DossierFactory, ProjectCallFactory

MAIN = "main"
THEIR_COMMENT = "Ancrage solide, budget fragile en année 3"


@pytest.fixture
def review(portal):
    """Reviewer 1's review of a blind call's dossier, which reviewer 2 has already sent."""
    group = Group.objects.get(name=FUNDER_REVIEWERS)
    mine, theirs = (
        UserFactory(username=f"relecteur{i}", first_name=name, groups=[group])
        for i, name in ((1, "Claire"), (2, "Yannick"))
    )
    call = ProjectCallFactory(
        blind_review=True, review_deadline=timezone.localdate() + datetime.timedelta(days=5)
    )
    section = GridSection.objects.create(grid=call.grid, title="Ancrage territorial", position=0)
    Criterion.objects.create(
        section=section, title="Partenariats locaux", guidance="Qui s'engage ?", weight=2
    )
    Criterion.objects.create(
        section=section, title="Convention signée", scale=Scale.YES_NO, weight=1, position=1
    )
    dossier = DossierFactory(
        call=call,
        hub=HubFactory(name="Hub des Landes", slug="landes"),
        status=DossierStatus.IN_REVIEW,
        title="Le numérique pour tous dans les Landes",
        summary="Des permanences itinérantes.",
    )
    review = services.assign_reviewer(dossier=dossier, reviewer=mine, by=None)
    other = services.assign_reviewer(dossier=dossier, reviewer=theirs, by=None)
    services.save_review(
        review=other,
        by=theirs,
        scores={c.pk: 1 for c in scoring.criteria_of(call)},
        recommendation=Recommendation.RESERVED,
        shared_comment=THEIR_COMMENT,
        submit=True,
    )
    return review


def press(page, key: str, times: int = 1) -> None:
    for _ in range(times):
        page.keyboard.press(key)


def test_a_reviewer_fills_drafts_and_sends_the_grid_with_the_keyboard(
    review, page, live_url, axe, outside_requests
):
    log_in(page, live_url, review.reviewer)
    page.goto(live_url(reverse("projects_review_desk")))
    assert "Mes relectures" in page.locator("h1").inner_text()
    axe(page, context=MAIN)

    tab_until(page, "el => el.tagName === 'A' && el.textContent.includes('numérique pour tous')")
    with page.expect_navigation():
        press(page, "Enter")
    assert page.url.endswith(reverse("projects_review", args=[review.pk]))
    assert THEIR_COMMENT not in page.content()
    assert "quand vous aurez envoyé la vôtre" in page.content()
    axe(page, context=MAIN)

    first, second = scoring.criteria_of(review.call)
    # The 0-5 group: Space takes the first mark (0), each arrow the next one.
    stop = tab_until(page, f"el => el.name === 'criterion_{first.pk}'")
    assert stop["tag"] == "input"
    press(page, "Space")
    press(page, "ArrowRight", 3)
    assert page.locator(f"input[name=criterion_{first.pk}]:checked").get_attribute("value") == "3"
    # The yes/no group: Tab leaves the 0-5 group at once and Space says yes.
    press(page, "Tab")
    assert focused(page)["name"] == f"criterion_{second.pk}"
    press(page, "Space")
    stop = tab_until(page, "el => el.name === 'recommendation'")
    press(page, "ArrowDown")
    assert page.locator("select[name=recommendation]").input_value() == "favourable"
    press(page, "Tab")
    page.keyboard.type("Un projet utile, à suivre de près.")

    tab_until(page, "el => el.name === 'draft'")
    with page.expect_navigation():
        press(page, "Enter")
    assert "Brouillon enregistré" in page.content()
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT
    assert dict(review.scores.values_list("criterion_id", "value")) == {first.pk: 3, second.pk: 1}
    assert THEIR_COMMENT not in page.content()

    tab_until(page, "el => el.name === 'send'")
    with page.expect_navigation():
        press(page, "Enter")
    assert "Votre relecture est envoyée" in page.content()
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review.recommendation == Recommendation.FAVOURABLE
    assert THEIR_COMMENT in page.locator("section[aria-labelledby=others]").inner_text()
    axe(page, context=MAIN)
    assert outside_requests == []


@pytest.fixture
def expert_path(review, mailoutbox):
    """The path of a fresh expert link on the review's dossier (the e-mail's one copy)."""
    national = UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)])
    with transaction.atomic():
        expert_opinions.request_expert_opinion(
            dossier=review.dossier,
            expert_name="Hélène Vasseur",
            email="helene@example.org",
            deadline=timezone.localdate() + datetime.timedelta(days=7),
            by=national,
        )
    (message,) = [m for m in mailoutbox if m.to == ["helene@example.org"]]
    return re.search(r"http://[^/]+(/avis-expert/[\w-]+/)", message.body).group(1)


def test_the_expert_page_and_its_errors_have_no_axe_violation(
    expert_path, page, live_url, axe, outside_requests
):
    response = page.goto(live_url(expert_path))
    assert response.status == 200
    assert "Le numérique pour tous dans les Landes" in page.locator("h1").inner_text()
    assert THEIR_COMMENT not in page.content()
    axe(page)
    page.get_by_role("button", name="Envoyer mon avis").click()
    page.get_by_text("Écrivez votre avis.").first.wait_for()
    axe(page)
    assert outside_requests == []


def test_the_expert_sends_the_opinion_with_the_keyboard_without_javascript(
    expert_path, page_without_js, live_url, outside_requests
):
    page = page_without_js
    page.goto(live_url(expert_path))
    tab_until(page, "el => el.name === 'opinion'")
    page.keyboard.type("Un diagnostic solide ; les recettes propres restent à prouver.")
    tab_until(page, "el => el.name === 'recommendation'")
    press(page, "Space")
    tab_until(page, "el => el.tagName === 'BUTTON'")
    with page.expect_navigation():
        press(page, "Enter")
    page.get_by_text("Merci, votre avis est envoyé").wait_for()
    opinion = ExpertOpinion.objects.get()
    assert opinion.is_submitted and opinion.recommendation == Recommendation.FAVOURABLE
    assert page.goto(live_url(expert_path)).status == 410
    assert outside_requests == []


def test_the_comparison_table_prints_alone_for_the_committee(review, page, live_url):
    """Printed, the comparison page keeps its table (and its heading on each page) and leaves
    the admin's menu and the sort form out."""
    national = UserFactory(username="equipe", groups=[Group.objects.get(name=NATIONAL_TEAM)])
    log_in(page, live_url, national)
    page.goto(live_url(reverse("projects_call_comparison", args=[review.call_id])))
    table = page.locator("table.comparison-table")
    assert page.locator("form.comparison-controls").is_visible()
    page.emulate_media(media="print")
    assert table.is_visible() and "Le numérique pour tous" in table.inner_text()
    assert not page.locator("form.comparison-controls").is_visible()
    assert not page.locator("#wagtail-sidebar").is_visible()
    assert table.evaluate("t => getComputedStyle(t.tHead).display") == "table-header-group"
    page.emulate_media(media="screen")
    assert page.locator("form.comparison-controls").is_visible()
