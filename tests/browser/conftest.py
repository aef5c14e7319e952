"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test here is marked ``browser``. Tests are hermetic: a request that does not go to the
live server is aborted and recorded in ``outside_requests``. Accessibility is checked with
axe-core (shipped by axe-playwright-python) on the WCAG 2.1 A and AA rules.
"""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
HERE = Path(__file__).resolve().parent

# Chromium may resolve "localhost" to ::1 while the live server listens on IPv4 only.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def chromium_browser():
    """Chromium for a module's tests; a missing browser fails unless MAILLAGE_SKIP_BROWSER=1."""
    if not CHROMIUM.exists():
        if os.environ.get("MAILLAGE_SKIP_BROWSER") == "1":
            pytest.skip(f"{CHROMIUM} is missing and MAILLAGE_SKIP_BROWSER=1")
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), "
            "or set MAILLAGE_SKIP_BROWSER=1 to skip the browser tests.",
            pytrace=False,
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API marks its event loop as running in this thread between calls.
    # Django then refuses ORM calls unless told they are safe (they are: nothing else runs
    # in this thread), and keeps its connections per async context instead of per thread:
    # the connections seen from here on are new objects, to which the snapshot of the
    # migrated database (for the serialized rollback) is handed over.
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, contents in serialized.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield browser
            finally:
                browser.close()
                # While the loop still runs, so that these are the connections opened here.
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live_url(live_server, django_db_serialized_rollback) -> Callable[[str], str]:
    """Absolute URL of a path on the live server.

    The live server needs a transactional database, which Django empties after each test;
    the serialized rollback restores what migrations created (Wagtail's root page, the
    default site, permissions) before the next test.
    """
    return lambda path: f"{live_server.url}{path}"


@pytest.fixture
def outside_requests() -> list[str]:
    """URLs the browser tried to fetch outside the live server (all of them were aborted)."""
    return []


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught exceptions, including Content Security Policy refusals."""
    return []


@pytest.fixture
def new_page(chromium_browser, live_server, outside_requests, console_errors):
    """Factory of pages in fresh browser contexts; options go to ``browser.new_context``."""
    contexts = []
    origin = live_server.url

    def route(route):
        url = route.request.url
        if url == origin or url.startswith(f"{origin}/"):
            route.continue_()
        else:
            outside_requests.append(url)
            route.abort("blockedbyclient")

    def on_console(message):
        if message.type == "error":
            console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def make(**context_options):
        context_options.setdefault("locale", "fr-FR")
        context_options.setdefault("timezone_id", "Europe/Paris")
        context = chromium_browser.new_context(**context_options)
        context.set_default_timeout(10_000)
        context.route("**/*", route)
        contexts.append(context)
        page = context.new_page()
        page.on("console", on_console)
        page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
        return page

    yield make
    for context in contexts:
        # Leave each page first, and give the server the requests its unload sends (an
        # admin edit page releases its editing session): answered after the database is
        # flushed, they fail the flush and the next test inherits this one's rows.
        for open_page in context.pages:
            open_page.goto("about:blank")
            open_page.wait_for_timeout(300)
        context.close()


@pytest.fixture
def page(new_page):
    """A page with JavaScript on."""
    return new_page()


@pytest.fixture
def page_without_js(new_page):
    return new_page(java_script_enabled=False)


def format_violations(url: str, violations: list[dict], nodes_per_rule: int = 8) -> str:
    """One line per violated rule (id, impact, help), then the nodes at fault."""
    lines = [f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        nodes = violation["nodes"]
        for node in nodes[:nodes_per_rule]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['html'][:160]}")
            # The first line says "Fix any/all of the following:"; the next one is the gist.
            reasons = (node.get("failureSummary") or "").splitlines()[1:3]
            lines.extend(f"      {reason.strip()}" for reason in reasons)
        if len(nodes) > nodes_per_rule:
            lines.append(f"    … and {len(nodes) - nodes_per_rule} more")
    return "\n".join(lines)


# True once Wagtail's messages have faded in (their animation is the one a colour check can
# catch halfway).
MESSAGES_SETTLED = """() => [...document.querySelectorAll('.messages')].every(
  el => el.getAnimations({subtree: true}).every(a => a.playState !== 'running'))"""


def wait_for_messages(page, seconds: float = 5) -> None:
    """Wait until the page's messages have faded in: axe judges colours as they end up."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(MESSAGES_SETTLED):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{page.url}: the messages' animation never ended")


@pytest.fixture
def axe() -> Callable[..., None]:
    """``axe(page)`` asserts that axe-core finds no WCAG 2.1 A/AA violation on the page, once
    its messages have faded in."""
    from axe_playwright_python.sync_playwright import Axe

    runner = Axe()

    def check(page, context: str | dict | None = None) -> None:
        wait_for_messages(page)
        options = {
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        }
        results = runner.run(page, context=context, options=options)
        violations = results.response["violations"]
        assert not violations, format_violations(page.url, violations)

    return check


@pytest.fixture
def portal(transactional_db) -> None:
    """The portal as ``setup_portal`` builds it: home page, site and legal pages."""
    from django.core.management import call_command

    call_command("setup_portal", verbosity=0)
