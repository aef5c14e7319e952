import pytest
from tests.directory.finder_data import territory, venue


@pytest.fixture
def data(portal):
    p = territory()
    venue(p.cognac, name="France services de Cognac")
    return venue(p.angouleme, name="Espace numérique de la Grand-Font", latitude=45.653, longitude=0.149)


def test_marker_keyboard(data, page, live_url, console_errors):
    page.goto(live_url("/lieux/?q=Cognac"))
    page.wait_for_load_state("networkidle")
    print(page.evaluate("""() => { const m = document.querySelector('.map-result'); return [m.hasAttribute('data-keyboard'), m.getAttribute('aria-label'), document.querySelectorAll('.map-result').length]; }"""))
    page.focus(".map-result")
    page.evaluate("""() => { window._log = []; document.addEventListener('focusin', e => window._log.push(e.target.className || e.target.tagName)); }""")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    print(page.evaluate("window._log"))
