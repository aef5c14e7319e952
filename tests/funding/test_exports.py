"""The exports of applications (their listing's ``list_export``) and of payments: CSV and
XLSX, every formula defused, each hub's rows only."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hubsite.roles import NATIONAL_TEAM, role_group
from tests.factories import UserFactory, coordinator_of
from tests.funding.factories import ApplicationFactory, payment

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x";"clic")'


@pytest.fixture
def books(hub_a, hub_b):
    own = ApplicationFactory(hub=hub_a, title=FORMULA)
    payment(own, amount=12000, received_on=datetime.date(2025, 3, 1), condition="+1 justificatif")
    payment(own, amount=8000, condition="Sur bilan")
    other = ApplicationFactory(hub=hub_b, title="Candidature Bruyère")
    payment(other, amount=5000, condition="Bruyère")
    return own, other


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def xlsx_rows(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


PAYMENTS = reverse("funding_payments_export")
APPLICATIONS = reverse("funding_applications:index")


def test_a_hubs_payments_export_in_csv_is_defused_and_its_own(client, books, hub_a):
    client.force_login(coordinator_of(hub_a))
    rows = csv_rows(client.get(PAYMENTS, {"export": "csv"}))

    assert rows[0][:2] == ["Hub porteur", "Candidature"]
    assert [row[1] for row in rows[1:]] == ["'" + FORMULA] * 2
    assert {row[0] for row in rows[1:]} == {"Hub A"}
    assert [row[8] for row in rows[1:]] == ["'+1 justificatif", "Sur bilan"]
    assert not any("Bruyère" in cell for row in rows for cell in row)


def test_a_hubs_payments_export_in_xlsx_is_defused_and_its_own(client, books, hub_a):
    client.force_login(coordinator_of(hub_a))
    response = client.get(PAYMENTS, {"export": "xlsx"})
    rows = xlsx_rows(response)

    assert response["Content-Disposition"].endswith('filename="versements.xlsx"')
    assert [row[1] for row in rows[1:]] == ["'" + FORMULA] * 2
    assert rows[1][5] == 12000 and rows[1][7] == datetime.date(2025, 3, 1)
    assert not any("Bruyère" in str(cell) for row in rows for cell in row)


def test_another_hubs_payments_cannot_be_asked_for(client, books, hub_a, hub_b):
    client.force_login(coordinator_of(hub_a))
    rows = csv_rows(client.get(PAYMENTS, {"export": "csv", "hub": hub_b.pk}))
    assert rows[1:] == []


def test_the_national_team_exports_one_hubs_payments_or_all(client, books, hub_b):
    client.force_login(UserFactory(groups=[role_group(NATIONAL_TEAM)]))
    every = csv_rows(client.get(PAYMENTS, {"export": "csv"}))
    assert len(every) == 4
    one = csv_rows(client.get(PAYMENTS, {"export": "csv", "hub": hub_b.pk}))
    assert [row[1] for row in one[1:]] == ["Candidature Bruyère"]
    assert [row[5] for row in one[1:]] == [str(Decimal("5000.00"))]


def test_an_unknown_format_is_refused(client, books, hub_a):
    client.force_login(coordinator_of(hub_a))
    assert client.get(PAYMENTS, {"export": "pdf"}).status_code == 404
    assert client.get(PAYMENTS).status_code == 404


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_hubs_applications_export_is_defused_and_its_own(client, books, hub_a, export_format):
    client.force_login(coordinator_of(hub_a))
    response = client.get(APPLICATIONS, {"export": export_format})
    rows = csv_rows(response) if export_format == "csv" else xlsx_rows(response)

    assert [row[0] for row in rows[1:]] == ["'" + FORMULA]
    assert not any("Bruyère" in str(cell) for row in rows for cell in row)


def test_the_national_team_exports_one_hubs_applications(client, books, hub_b):
    client.force_login(UserFactory(groups=[role_group(NATIONAL_TEAM)]))
    rows = csv_rows(client.get(APPLICATIONS, {"export": "csv", "hub": hub_b.pk}))
    assert [row[0] for row in rows[1:]] == ["Candidature Bruyère"]
