"""Hostile values in an import file: each is a rejected row with its reason, never a crash."""

import io
import json

import pytest
from django.core.management import call_command

from directory import standard
from directory.importer import ImportFileError, import_file
from directory.models import Venue
from tests.directory.charente import load_charente, row
from tests.directory.factories import VenueFactory
from tests.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db

LATITUDE_OF_400_DIGITS = "4" * 400


@pytest.fixture
def charente(db):
    return load_charente()


def json_text(*rows: str) -> bytes:
    """A JSON list of rows written by hand, for values ``json.dumps`` refuses to write."""
    return ("[" + ",".join(rows) + "]").encode("utf-8")


def row_with(**raw_values: str) -> str:
    """A valid row as JSON text, with ``raw_values`` written verbatim (not JSON-encoded)."""
    base = {key: value for key, value in row().items() if key not in raw_values}
    text = json.dumps(base, ensure_ascii=False)[:-1]
    return text + "".join(f', "{key}": {value}' for key, value in raw_values.items()) + "}"


@pytest.mark.parametrize(
    ("raw_values", "column"),
    [
        ({"code_postal": "Infinity"}, "code_postal"),
        ({"code_postal": "-Infinity"}, "code_postal"),
        ({"code_postal": "NaN"}, "code_postal"),
        ({"code_insee": "1e999"}, "code_insee"),
        ({"latitude": LATITUDE_OF_400_DIGITS}, "latitude"),
        ({"longitude": "-1e400"}, "longitude"),
        ({"nom": "1e999"}, "nom"),
        ({"code_postal": "1" * 5000}, "code_postal"),
    ],
)
def test_a_number_no_float_can_hold_is_a_rejected_row_with_its_reason(charente, raw_values, column):
    data = json_text(row_with(id='"bon"'), row_with(id='"mauvais"', **raw_values))

    report = import_file(data, filename="a.json")

    assert [(problem.row, problem.id) for problem in report.rejected] == [(2, "mauvais")]
    assert column in report.rejected[0].message
    assert "nombre" in report.rejected[0].message
    assert list(Venue.objects.values_list("source_id", flat=True)) == ["bon"]


def test_the_import_command_reports_overflowing_numbers_as_rejected_rows(charente, tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(
        json_text(
            row_with(id='"a"', code_postal="Infinity"),
            row_with(id='"b"', code_insee="1e999"),
            row_with(id='"c"', latitude=LATITUDE_OF_400_DIGITS, longitude="1"),
        )
    )
    err = io.StringIO()

    call_command("import_venues", str(path), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().count("Rejetée") == 3
    assert not Venue.objects.exists()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("nom", {"x": "y"}),
        ("adresse", ["1 rue", "2 rue"]),
        ("commune", {"nom": "Cognac"}),
        ("horaires", {"Mo": "9-12"}),
        ("id", ["lieu-1"]),
        ("presentation_resume", [{"texte": "Accueil"}]),
        ("services", [{"x": "y"}]),
        ("courriels", {"a": "b@example.fr"}),
    ],
)
def test_a_json_object_or_array_in_a_text_field_is_a_rejected_row(charente, column, value):
    report = import_file(
        json_text(row_with(id='"bon"'), row_with(**{"id": '"mauvais"', column: json.dumps(value)})),
        filename="a.json",
    )

    assert len(report.rejected) == 1
    assert report.rejected[0].row == 2
    assert column in report.rejected[0].message
    assert "{'" not in "".join(Venue.objects.values_list("name", "address", "opening_hours")[0])
    assert Venue.objects.count() == 1


def test_a_list_in_a_multi_valued_column_is_still_read(charente):
    report = import_file(
        json_text(row_with(id='"a"', courriels='["a@example.fr", "b@example.fr"]')),
        filename="a.json",
    )

    assert not report.rejected
    assert Venue.objects.get().emails == "a@example.fr|b@example.fr"


def test_a_csv_cell_beyond_the_size_limit_is_refused_in_french(charente):
    header = "id,nom,commune,code_postal,adresse,date_maj"
    data = f'{header}\n1,Lieu,Cognac,16100,1 rue,2024-01-01\n2,"{"x" * 200_000}",a,b,c,d\n'

    with pytest.raises(ImportFileError) as refused:
        import_file(data.encode(), filename="a.csv")

    message = str(refused.value)
    assert "ligne 3" in message
    assert "131" in message
    assert "field" not in message and "limit" not in message


def test_reimporting_another_hubs_id_does_not_say_it_exists(charente):
    VenueFactory(
        source="essai",
        source_id="lieu-1",
        commune=CommuneFactory(departement=DepartementFactory(code="17")),
        name="Lieu de Charente-Maritime",
    )
    outside = CommuneFactory(departement=DepartementFactory(code="24"), postcodes=["24000"])

    taken = import_file(
        json_text(row_with(id='"lieu-1"')),
        filename="a.json",
        allowed_departements=frozenset({"16"}),
    )
    elsewhere = import_file(
        json_text(
            row_with(
                id='"nouveau"',
                commune=f'"{outside.name}"',
                code_postal='"24000"',
                latitude="45.18",
                longitude="0.72",
            )
        ),
        filename="a.json",
        allowed_departements=frozenset({"16"}),
    )

    message = taken.rejected[0].message
    assert "existe" not in message and "autre hub" not in message and "17" not in message
    assert message == elsewhere.rejected[0].message.replace("le département 24", "ce lieu")
    assert Venue.objects.get().name == "Lieu de Charente-Maritime"


@pytest.mark.parametrize("number", [float("inf"), float("-inf"), float("nan"), 16100.5])
def test_the_code_cleaners_refuse_what_is_no_whole_number(number):
    for cleaner in (standard.clean_postcode, standard.clean_insee):
        with pytest.raises(ValueError):
            cleaner(number)


def test_the_coordinate_cleaner_refuses_an_integer_beyond_any_float():
    with pytest.raises(ValueError):
        standard.clean_coordinate(10**400, limit=90)
