"""Every public page type of the portal, in Chromium: accessible, keyboard-usable, readable
without JavaScript, and loading nothing from outside the site."""

import pytest
from wagtail.rich_text import RichText

from directory.services import ERROR_REPORT_KIND
from hubsite.notifications import unsubscribe_token
from tests.browser.helpers import focus_is_visible, focused
from tests.factories import HubFactory, add_event, add_news, add_standard_page, coordinator_of

NEWS_TITLE = "La médiathèque ouvre un atelier numérique"
NEWS_TEXT = "Chaque mardi, des médiateurs accompagnent les démarches en ligne."
UPCOMING_EVENT = "Café numérique du printemps"
PAST_EVENT = "Permanence France services de janvier"
STANDARD_TITLE = "Nos ressources pour les aidants"
STANDARD_TEXT = "Des fiches pratiques pour accompagner les usagers."

# page type -> (path, expected HTTP status, text the page's main content must show)
PAGE_TYPES = {
    "home": ("/", 200, NEWS_TITLE),
    "hub": ("/bretagne/", 200, "Hub de Bretagne"),
    "news_index": ("/bretagne/actualites/", 200, NEWS_TITLE),
    "news": ("/bretagne/actualites/{news_slug}/", 200, NEWS_TEXT),
    "events_upcoming": ("/bretagne/evenements/", 200, UPCOMING_EVENT),
    "events_past": ("/bretagne/evenements/passes/", 200, PAST_EVENT),
    "event": ("/bretagne/evenements/{event_slug}/", 200, UPCOMING_EVENT),
    "standard": ("/bretagne/{standard_slug}/", 200, STANDARD_TEXT),
    "legal_notice": ("/mentions-legales/", 200, "Mentions légales"),
    "accessibility": ("/accessibilite/", 200, "Déclaration d'accessibilité"),
    "personal_data": ("/donnees-personnelles/", 200, "Données personnelles"),
    "search": ("/recherche/?q=mediatheque", 200, NEWS_TITLE),
    "unsubscribe": ("/courriels/desabonnement/{unsubscribe_token}/", 200, "Confirmer"),
    "not_found": ("/cette-page-n-existe-pas/", 404, "introuvable"),
}


@pytest.fixture
def content(portal):
    """One hub with a news article, an upcoming and a past event and a free page."""
    hub = HubFactory(name="Hub de Bretagne", slug="bretagne")
    news = add_news(
        hub,
        title=NEWS_TITLE,
        intro="Un nouveau rendez-vous pour apprendre.",
        body=[("paragraph", RichText(f"<p>{NEWS_TEXT}</p>"))],
    )
    event = add_event(hub, title=UPCOMING_EVENT, days_ahead=10)
    add_event(hub, title=PAST_EVENT, days_ahead=-40)
    standard = add_standard_page(
        hub.page,
        title=STANDARD_TITLE,
        body=[
            ("paragraph", RichText(f"<h2>Fiches pratiques</h2><p>{STANDARD_TEXT}</p>")),
            ("quote", {"quote": "Le numérique, ça s'apprend.", "author": "Une médiatrice"}),
            (
                "call_to_action",
                {
                    "title": "Trouver un lieu",
                    "text": "Un lieu près de chez vous.",
                    "page": news,
                    "url": "",
                    "label": "Lire l'actualité",
                },
            ),
        ],
    )
    coordinator = coordinator_of(hub)
    return {
        "news_slug": news.slug,
        "event_slug": event.slug,
        "standard_slug": standard.slug,
        "unsubscribe_token": unsubscribe_token(coordinator, ERROR_REPORT_KIND),
    }


@pytest.fixture(params=list(PAGE_TYPES))
def page_type(request, content, live_url):
    """(url, expected status, expected text) of one page type, with its content in place."""
    path, status, text = PAGE_TYPES[request.param]
    return live_url(path.format(**content)), status, text


def test_public_page_has_no_axe_violation_and_stays_on_the_site(
    page_type, page, axe, outside_requests, console_errors
):
    url, status, text = page_type
    response = page.goto(url)
    assert response.status == status
    assert text in page.locator("main").inner_text()
    assert page.evaluate(
        "[...document.styleSheets].length > 0 "
        "&& [...document.styleSheets].every(sheet => sheet.cssRules.length > 0)"
    ), "the site's stylesheets did not load"
    axe(page)
    assert outside_requests == []
    # A Content Security Policy refusal (inline script or style="") shows up as a console
    # error; the 404 page's own status is the one error expected.
    if status == 404:
        console_errors = [e for e in console_errors if "status of 404" not in e]
    assert console_errors == []


def test_keyboard_user_skips_to_main_and_always_sees_the_focus(page_type, page):
    url, _status, _text = page_type
    page.goto(url)
    page.keyboard.press("Tab")
    skip_link = focused(page)
    assert skip_link["tag"] == "a" and skip_link["href"].startswith("#"), (
        f"the first tab stop is not a skip link: {skip_link}"
    )
    target = skip_link["href"][1:]
    assert page.locator("main").get_attribute("id") == target
    assert skip_link["focusVisible"] and focus_is_visible(page, skip_link), (
        f"the focused skip link cannot be seen: {skip_link}"
    )
    page.keyboard.press("Enter")
    in_focus = focused(page)
    assert (in_focus["tag"], in_focus["id"]) == ("main", target)

    # From the top again, every tab stop; elements of a kind share their focus style.
    page.goto(url)
    kinds = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["tag"] == "body":
            break
        if element["kind"] not in kinds:
            kinds.add(element["kind"])
            assert element["focusVisible"] and focus_is_visible(page, element), (
                f"the focus on this element cannot be seen: {element}"
            )
    assert len(kinds) >= 3


def test_public_page_content_is_readable_without_javascript(
    page_type, page_without_js, outside_requests
):
    url, status, text = page_type
    response = page_without_js.goto(url)
    assert response.status == status
    main = page_without_js.locator("main")
    assert main.is_visible()
    assert text in main.inner_text()
    assert page_without_js.locator("h1").count() == 1
    assert outside_requests == []
