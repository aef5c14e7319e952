import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from frictionless import Resource, Schema

from directory import standard
from directory.importer import import_file
from directory.models import Status, Venue
from directory.vocabulary import (
    AccessMode,
    Fee,
    Itinerance,
    NationalProgramme,
    Public,
    Service,
    SpecificSupport,
    SupportMode,
    TrainingLabel,
)
from hubsite.models import Commune
from tests.directory.charente import load_charente
from tests.directory.factories import VenueFactory

pytestmark = pytest.mark.django_db

CHARENTE_EXPORT = standard.DATA_DIR / "charente_lieux-mediation-numerique_20230711.json"


def table_schema() -> Schema:
    descriptor = standard.load_schema()
    return Schema.from_descriptor(
        {"fields": descriptor["fields"], "primaryKey": descriptor["primaryKey"]}
    )


def validation_errors(data: bytes) -> list:
    report = Resource(data=data, format="csv", schema=table_schema()).validate()
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


def content(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


@pytest.fixture
def charente_venues(db):
    load_charente()
    import_file(CHARENTE_EXPORT.read_bytes(), filename=CHARENTE_EXPORT.name)
    Venue.objects.update(status=Status.QUALIFIED)
    return Venue.objects.all()


def rich_venue(**fields):
    """A venue using every vocabulary, including the value whose pattern is the known trap."""
    defaults = {
        "pivot": "43493312300029",
        "typology": "TIERS_LIEUX|ASSO",
        "phone": "+33545123456",
        "emails": "contact@lieu.example|accueil@lieu.example",
        "websites": "https://lieu.example/|https://social.example/lieu",
        "itinerance": [Itinerance.ITINERANT, Itinerance.FIXE],
        "services": list(Service.values),
        "publics": list(Public.values),
        "specific_support": list(SpecificSupport.values),
        "fees": list(Fee.values),
        "national_programmes": list(NationalProgramme.values),
        "training_labels": list(TrainingLabel.values),
        "other_labels": "Label et la bête",
        "access_modes": list(AccessMode.values),
        "support_modes": list(SupportMode.values),
        "accessibility_url": "https://acceslibre.beta.gouv.fr/app/16-cognac/",
        "booking_url": "https://www.rdv-solidarites.fr/",
        "summary": "Ateliers et accompagnement individuel.",
        "description": "Une description\nsur deux lignes.",
        "parent_structure": "Ville de Cognac",
        "address_complement": "Au fond de la cour",
    }
    defaults.update(fields)
    return VenueFactory(**defaults)


def test_export_columns_are_the_schemas_in_its_order():
    assert list(standard.COLUMNS) == [field["name"] for field in standard.load_schema()["fields"]]


def test_exported_csv_is_valid_against_the_v1_0_2_table_schema(client, charente_venues):
    cognac = Commune.objects.get(pk="16102")
    rich_venue(source_id="riche", commune=cognac)
    rich_venue(source_id="sans-pivot", pivot="", phone="", commune=cognac)

    response = client.get(reverse("directory_opendata_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = content(response)
    assert validation_errors(data) == []
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert len(rows) == 190
    rich = next(r for r in rows if r["id"] == "riche")
    assert "Étapes numériques(La Poste)" in rich["formations_labels"].split("|")
    assert rich["services"] == "|".join(Service.values)


def test_a_value_spelled_as_the_standard_describes_it_would_fail_the_pattern():
    """The trap the export avoids: v1.0.2's pattern has no space before the bracket."""
    header = ",".join(standard.COLUMNS)
    values = dict.fromkeys(standard.COLUMNS, "")
    values.update(
        id="x",
        pivot="43493312300029",
        nom="Lieu",
        commune="Cognac",
        code_postal="16100",
        adresse="1 rue",
        date_maj="2024-01-01",
        formations_labels="Étapes numériques (La Poste)",
    )
    line = ",".join(values[column] for column in standard.COLUMNS)

    errors = validation_errors(f"{header}\n{line}\n".encode())

    assert [(error[1], error[2]) for error in errors] == [("formations_labels", "constraint-error")]


def test_only_qualified_venues_that_are_not_demo_are_published(client, db):
    VenueFactory(source_id="qualifie", status=Status.QUALIFIED)
    VenueFactory(source_id="en-attente", status=Status.PENDING)
    VenueFactory(source_id="suspendu", status=Status.SUSPENDED)
    VenueFactory(source_id="demo", status=Status.QUALIFIED, is_demo=True)

    rows = json.loads(content(client.get(reverse("directory_opendata_json"))))

    assert [row["id"] for row in rows] == ["qualifie"]


def test_json_export_holds_standard_records(client, db):
    venue = rich_venue(source_id="riche")

    response = client.get(reverse("directory_opendata_json"))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    (record,) = json.loads(content(response))
    assert set(record) <= set(standard.COLUMNS)
    assert record["latitude"] == venue.latitude
    assert record["fiche_acces_libre"] == venue.accessibility_url
    assert record["modalites_accompagnement"] == "|".join(SupportMode.values)


def test_a_position_that_is_only_the_communes_centre_is_not_published_as_the_venues(client, db):
    VenueFactory(source_id="approx", position_is_approximate=True)

    (record,) = json.loads(content(client.get(reverse("directory_opendata_json"))))

    assert "latitude" not in record and "longitude" not in record


@pytest.mark.parametrize("url_name", ["directory_opendata_csv", "directory_opendata_json"])
def test_export_then_import_changes_nothing(client, charente_venues, url_name):
    rich_venue(source_id="riche", source="hub", commune=Commune.objects.get(pk="16102"))
    VenueFactory(
        source="hub",
        source_id="approx",
        commune=Commune.objects.get(pk="16015"),
        position_is_approximate=True,
    )
    before = {venue.pk: standard.venue_record(venue) for venue in Venue.objects.all()}
    data = content(client.get(reverse(url_name)))

    report = import_file(data, filename="export." + url_name[-4:].strip("_"))

    assert report.counts == {"created": 0, "updated": 0, "unchanged": 190, "rejected": 0}
    assert report.warnings == []
    assert {venue.pk: standard.venue_record(venue) for venue in Venue.objects.all()} == before


def test_ids_shared_by_two_sources_are_made_unique_and_still_round_trip(client, db):
    VenueFactory(source="a", source_id="1")
    VenueFactory(source="b", source_id="1")

    data = content(client.get(reverse("directory_opendata_csv")))

    ids = [row["id"] for row in csv.DictReader(io.StringIO(data.decode()))]
    assert sorted(ids) == ["a:1", "b:1"]
    assert validation_errors(data) == []


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(client, db):
    VenueFactory(name='=HYPERLINK("http://evil.example")', address="+cmd|' /C calc'!A0")

    data = content(client.get(reverse("directory_opendata_csv"))).decode()

    (row,) = csv.DictReader(io.StringIO(data))
    assert not row["nom"].startswith(standard.FORMULA_TRIGGERS)
    assert not row["adresse"].startswith(standard.FORMULA_TRIGGERS)


def test_exports_query_count_does_not_grow_with_venues(client, db, django_assert_max_num_queries):
    VenueFactory.create_batch(3)
    with django_assert_max_num_queries(3) as few:
        content(client.get(reverse("directory_opendata_csv")))
    VenueFactory.create_batch(9)
    with django_assert_max_num_queries(len(few.captured_queries)):
        content(client.get(reverse("directory_opendata_csv")))


def test_open_data_page_explains_the_licence_and_links_the_downloads(client, db):
    VenueFactory.create_batch(2)

    response = client.get("/lieux/donnees-ouvertes/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Licence Ouverte" in html and "Etalab" in html
    assert 'href="/lieux/donnees-ouvertes/lieux.csv"' in html
    assert 'href="/lieux/donnees-ouvertes/lieux.json"' in html
    assert "2 lieux qualifiés" in html
    assert "<script" not in html.split("</main>")[0].split("<main")[1]


def test_schema_is_served_from_the_project(client, db):
    response = client.get(reverse("directory_opendata_schema"))

    assert json.loads(b"".join(response.streaming_content))["version"] == "v1.0.2"


def test_export_command_writes_the_same_file_as_the_download(client, db, tmp_path):
    rich_venue(source_id="riche")
    path = tmp_path / "lieux.csv"

    call_command("export_venues", "--output", str(path), stderr=io.StringIO())

    assert path.read_bytes() == content(client.get(reverse("directory_opendata_csv")))
