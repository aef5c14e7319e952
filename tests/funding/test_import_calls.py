"""Calls imported from a spreadsheet through a saved mapping: no row lost, each rejected row
with its French reason, all or nothing, re-import updates, dry run, CSV and XLSX."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from funding import importer
from funding.import_files import CallFileError, read_calls_file
from funding.import_target import TARGET_KEY, call_target
from funding.importer import import_calls_file
from funding.models import Call, Perimeter, Programme, Schedule
from funding.vocabulary import Applicant, Cost, Theme
from hubsite import mapping
from hubsite.mapping_services import save_import_mapping
from hubsite.models import ImportMapping
from tests.funding.call_mapping import (
    BRETAGNE_FILE,
    BRETAGNE_ROWS,
    BRETAGNE_SPEC,
    bretagne_catalogue,
)
from tests.funding.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

HEADER = "Réf;Titre;Financeur;Programme;Clôture;Plafond;Taux;Thèmes\n"
SMALL_SPEC = {
    "fields": {
        "external_id": {"column": "Réf"},
        "title": {"column": "Titre"},
        "funder": {"column": "Financeur"},
        "programme": {"column": "Programme"},
        "deadline_on": {"column": "Clôture"},
        "amount_max": {"column": "Plafond"},
        "rate_cap": {"column": "Taux"},
        "themes": {"column": "Thèmes"},
    },
    "values": {"themes": {"INC": ["Inclusion numérique"]}},
}


@pytest.fixture
def catalogue(db):
    return bretagne_catalogue()


def small_file(*lines: str) -> bytes:
    return (HEADER + "".join(f"{line}\n" for line in lines)).encode()


def test_the_foreign_catalogue_imports_with_no_row_lost_once_its_mapping_is_saved(
    catalogue, coordinator
):
    saved = save_import_mapping(
        user=coordinator, target=TARGET_KEY, name="Région Bretagne", spec=BRETAGNE_SPEC
    )
    report = import_calls_file(
        BRETAGNE_FILE.read_bytes(), spec=saved.spec, filename=BRETAGNE_FILE.name, source="bzh"
    )

    assert report.rejected == [] and report.total == BRETAGNE_ROWS
    assert len(report.created) == BRETAGNE_ROWS == Call.objects.count()
    first = Call.objects.get(external_id="BZH-001")
    assert first.source == "bzh"
    assert first.funder.name == "Région Bretagne"
    assert first.programme.name == "FEDER Bretagne 2021-2027"
    assert first.deadline_kind == Schedule.ONE_OFF
    assert first.next_deadline_on == datetime.date(2027, 3, 31)
    assert (first.amount_min, first.amount_max) == (Decimal(10000), Decimal(150000))
    assert first.rate_cap == Decimal(60)
    assert set(first.themes) == {Theme.INCLUSION, Theme.RURAL}
    assert set(first.eligible_applicants) == {Applicant.ASSOCIATION, Applicant.LOCAL_AUTHORITY}
    assert set(first.eligible_costs) == {Cost.OPERATING, Cost.INVESTMENT}
    assert first.perimeter == Perimeter.DEPARTEMENTS
    assert {d.code for d in first.departements.all()} == {"22", "29", "35", "56"}
    assert first.documents() == ["Budget prévisionnel", "Statuts"]
    assert Call.objects.get(external_id="BZH-002").amount_max == Decimal("40000.50")
    # Funders matched whatever their case; their missing programmes created.
    assert Call.objects.get(external_id="BZH-004").funder == catalogue[1]
    assert Programme.objects.count() == 4 == len(report.programmes_created)


def test_a_reimport_updates_instead_of_duplicating_and_changes_nothing_twice(catalogue):
    data = BRETAGNE_FILE.read_bytes()
    import_calls_file(data, spec=BRETAGNE_SPEC, source="bzh")
    again = import_calls_file(data, spec=BRETAGNE_SPEC, source="bzh")
    assert (len(again.created), len(again.updated), again.unchanged) == (0, 0, BRETAGNE_ROWS)

    changed = data.decode().replace("150 000 €", "175 000 €").encode()
    report = import_calls_file(changed, spec=BRETAGNE_SPEC, source="bzh")

    assert [(c.title, c.fields) for c in report.updated] == [
        ("Inclusion numérique des territoires ruraux", ["amount_max"])
    ]
    assert Call.objects.count() == BRETAGNE_ROWS
    assert Call.objects.get(external_id="BZH-001").amount_max == Decimal(175000)


def test_a_call_typed_in_by_hand_is_found_by_funder_and_title(catalogue):
    programme = ProgrammeFactory(funder=catalogue[0], name="FEDER Bretagne 2021-2027")
    by_hand = CallFactory(programme=programme, title="Former les aidants numériques")

    import_calls_file(BRETAGNE_FILE.read_bytes(), spec=BRETAGNE_SPEC, source="bzh")

    by_hand.refresh_from_db()
    assert (by_hand.source, by_hand.external_id) == ("bzh", "BZH-002")
    assert Call.objects.count() == BRETAGNE_ROWS


def test_every_rejected_row_is_reported_with_its_french_reason(catalogue):
    data = small_file(
        "A1;Appel valable;Région Bretagne;FEDER;31/12/2027;1000;50;INC",
        "A2;Financeur inconnu;Banque du Pays;FEDER;31/12/2027;1000;50;INC",
        "A3;Date impossible;Région Bretagne;FEDER;31/02/2027;1000;50;INC",
        "A4;Taux excessif;Région Bretagne;FEDER;31/12/2027;1000;120 %;INC",
        "A5;Montant illisible;Région Bretagne;FEDER;31/12/2027;beaucoup;50;INC",
        ";;Région Bretagne;FEDER;31/12/2027;1000;50;INC",
        "A1;Doublon;Région Bretagne;FEDER;31/12/2027;1000;50;INC",
        "A8;Thème inconnu;Région Bretagne;FEDER;31/12/2027;1000;50;XYZ",
    )
    report = import_calls_file(data, spec=SMALL_SPEC, filename="appels.csv")

    reasons = {problem.row: problem.message for problem in report.rejected}
    assert reasons == {
        3: "financeur inconnu « Banque du Pays » : ajoutez-le au catalogue des financeurs "
        "(avec son type), puis réimportez",
        4: "date illisible (Clôture) : « 31/02/2027 »",
        5: "taux illisible (0 à 100 %) : « 120 % »",
        6: "montant illisible : « beaucoup »",
        7: "« Intitulé » obligatoire, vide dans la colonne « Titre »",
        8: "même appel qu'à la ligne 2",
    }
    assert len(report.created) + len(report.rejected) == report.total == 8
    assert sorted(Call.objects.values_list("title", flat=True)) == [
        "Appel valable",
        "Thème inconnu",
    ]
    # An unknown code is a warning, never dropped silently.
    assert [str(w) for w in report.warnings if w.row == 9] == [
        "ligne 9 (Thème inconnu) : valeur inconnue « XYZ » (Thèmes) : ignorée"
    ]


def test_a_dry_run_reports_the_same_and_writes_nothing(catalogue):
    preview = import_calls_file(BRETAGNE_FILE.read_bytes(), spec=BRETAGNE_SPEC, dry_run=True)

    assert len(preview.created) == BRETAGNE_ROWS and preview.rejected == []
    assert "seraient créés" in preview.summary()
    assert not Call.objects.exists()
    assert not Programme.objects.exists()


def test_a_failure_midway_leaves_the_database_as_it_was(catalogue, monkeypatch):
    data = BRETAGNE_FILE.read_bytes()
    import_calls_file(data, spec=BRETAGNE_SPEC, source="bzh")
    before = sorted(Call.objects.values_list("external_id", "amount_max", "updated_at"))
    saved = importer._save
    calls = []

    def fail_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("panne au milieu de l'import")
        return saved(*args, **kwargs)

    monkeypatch.setattr(importer, "_save", fail_on_the_third)
    changed = data.decode().replace("000", "100").replace("BZH-006", "BZH-999").encode()
    with pytest.raises(RuntimeError):
        import_calls_file(changed, spec=BRETAGNE_SPEC, source="bzh")

    assert sorted(Call.objects.values_list("external_id", "amount_max", "updated_at")) == before


def test_rounds_regions_and_lump_sums_are_read(catalogue):
    spec = {
        "fields": {
            "title": {"column": "Titre"},
            "funder": {"constant": "Région Bretagne"},
            "programme": {"constant": "Erasmus+"},
            "rounds": {"column": "Vagues"},
            "lump_sums": {"column": "Forfaits"},
            "regions": {"column": "Région"},
            "eu_rate_cap": {"column": "UE"},
        }
    }
    data = (
        "Titre,Vagues,Forfaits,Région,UE\n"
        "Partenariats,01/03/2027 | 01/10/2027,30000;60000,53,0.85\n"
    )

    report = import_calls_file(data.encode(), spec=spec)

    assert report.rejected == []
    call = Call.objects.get()
    assert call.deadline_kind == Schedule.ROUNDS
    assert [r.deadline_on for r in call.rounds.all()] == [
        datetime.date(2027, 3, 1),
        datetime.date(2027, 10, 1),
    ]
    assert call.next_deadline_on == datetime.date(2027, 3, 1)
    assert call.lump_sums == [30000, 60000]
    assert call.perimeter == Perimeter.REGIONS and [r.code for r in call.regions.all()] == ["53"]
    assert call.eu_rate_cap == Decimal(85)


def test_an_xlsx_file_imports_like_its_csv(catalogue):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Réf", "Titre", "Financeur", "Programme", "Clôture", "Plafond", "Taux", "Thèmes"])
    sheet.append(
        [
            "X1",
            "Appel tableur",
            "Région Bretagne",
            "FEDER",
            datetime.date(2027, 5, 31),
            45000,
            0.6,
            "INC",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = import_calls_file(buffer.getvalue(), spec=SMALL_SPEC, filename="appels.xlsx")

    assert report.rejected == []
    call = Call.objects.get(external_id="X1")
    assert call.next_deadline_on == datetime.date(2027, 5, 31)
    assert (call.amount_max, call.rate_cap) == (Decimal(45000), Decimal(60))


def test_unreadable_files_are_refused_whole_in_french():
    with pytest.raises(CallFileError, match="UTF-8"):
        read_calls_file("Titre\nÉté\n".encode("latin-1"))
    with pytest.raises(CallFileError, match="XLSX"):
        read_calls_file(b"PK\x03\x04pas un classeur", filename="a.xlsx")
    with pytest.raises(CallFileError, match="vide"):
        read_calls_file(b"  \n")


def test_the_mapping_engine_guesses_the_usual_column_names():
    spec = mapping.guess(call_target(), ["Titre", "Financeur", "Date limite", "Thématiques"])
    assert spec["fields"] == {
        "title": {"column": "Titre"},
        "funder": {"column": "Financeur"},
        "deadline_on": {"column": "Date limite"},
        "themes": {"column": "Thématiques"},
    }


def test_the_command_imports_through_a_saved_mapping_and_dry_runs(catalogue, capsys):
    ImportMapping.objects.create(name="Bretagne", target=TARGET_KEY, spec=BRETAGNE_SPEC)

    call_command("import_calls", str(BRETAGNE_FILE), "--mapping", "Bretagne", "--dry-run")
    assert "seraient créés" in capsys.readouterr().out
    assert not Call.objects.exists()

    call_command("import_calls", str(BRETAGNE_FILE), "--mapping", "Bretagne")
    assert Call.objects.filter(source="Bretagne").count() == BRETAGNE_ROWS

    with pytest.raises(CommandError, match="« Bretagne »"):
        call_command("import_calls", str(BRETAGNE_FILE), "--mapping", "Inconnue")


def test_a_funder_of_the_catalogue_with_several_programmes_needs_one_named(catalogue):
    ProgrammeFactory(funder=catalogue[0], name="Un")
    ProgrammeFactory(funder=catalogue[0], name="Deux")
    spec = {"fields": {"title": {"column": "Titre"}, "funder": {"constant": "Région Bretagne"}}}

    report = import_calls_file(b"Titre\nSans programme\n", spec=spec)

    assert [p.message for p in report.rejected] == [
        "programme manquant : « Région Bretagne » en a plusieurs, indiquez lequel"
    ]
