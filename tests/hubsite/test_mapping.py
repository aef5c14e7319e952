"""hubsite's mapping engine, on a target of its own (no app needed): columns or constants,
value tables, unknown values listed, dates, half-day timetables, validation, guesses."""

import pytest

from hubsite import mapping, timetable
from hubsite.timetable import TimetableError

TARGET = mapping.Target(
    key="tests.thing",
    label="Choses",
    fields=(
        mapping.TargetField("id", "Identifiant", required=True, aliases=("n fiche",)),
        mapping.TargetField("nom", "Nom", required=True, aliases=("nom de la structure",)),
        mapping.TargetField("kind", "Genre", choices=("Rouge", "Vert", "Bleu et/ou vert")),
        mapping.TargetField("date", "Date", kind=mapping.DATE, aliases=("mise a jour",)),
        mapping.TargetField("hours", "Horaires", kind=mapping.HOURS),
        mapping.TargetField("origin", "Origine"),
    ),
)
SPEC = {
    "fields": {
        "id": {"column": "ref"},
        "nom": {"column": "intitulé"},
        "kind": {"column": "code"},
        "date": {"column": "maj"},
        "origin": {"constant": "dept"},
    },
    "values": {"kind": {"R": ["Rouge"], "RV": ["Rouge", "Vert"], "X": []}},
    "hours": [
        {"column": "lundi matin", "day": 0},
        {"column": "lundi après-midi", "day": 0},
        {"column": "samedi", "day": 5},
    ],
}


def run(*rows):
    return mapping.apply(TARGET, SPEC, list(enumerate(rows, start=2)))


def test_columns_constants_codes_dates_and_half_days_make_a_standard_row():
    result = run(
        {
            "ref": "A1",
            "intitulé": "Médiathèque",
            "code": "RV",
            "maj": "5/3/2024",
            "lundi matin": "8h30-12h",
            "lundi après-midi": "14h - 17h30",
            "samedi": "fermé",
        }
    )

    (row,) = result.rows
    assert row.errors == [] and row.warnings == []
    assert row.values == {
        "id": "A1",
        "nom": "Médiathèque",
        "kind": "Rouge|Vert",
        "date": "2024-03-05",
        "hours": "Mo 08:30-12:00,14:00-17:30",
        "origin": "dept",
    }
    assert result.columns == {"id", "nom", "kind", "date", "hours", "origin"}


def test_unknown_codes_are_warned_and_counted_never_dropped_silently():
    result = run(
        {"ref": "1", "intitulé": "a", "code": "R / ZZ"},
        {"ref": "2", "intitulé": "b", "code": "zz|vert"},
        {"ref": "3", "intitulé": "c", "code": "Bleu et/ou vert"},
        {"ref": "4", "intitulé": "d", "code": "X"},
    )

    first, second, third, fourth = result.rows
    assert first.values["kind"] == "Rouge"
    assert first.warnings == ["valeur inconnue « ZZ » (code) : ignorée"]
    # A vocabulary value needs no table; a value holding a slash is not split.
    assert second.values["kind"] == "Vert"
    assert third.values["kind"] == "Bleu et/ou vert" and third.warnings == []
    # A code mapped to nothing is dropped on purpose, without a warning.
    assert fourth.values["kind"] == "" and fourth.warnings == []
    assert dict(result.unknown["kind"]) == {"ZZ": 1, "zz": 1}


def test_a_required_field_left_empty_and_an_unreadable_date_reject_the_row_saying_why():
    result = run({"ref": "1", "intitulé": " ", "maj": "31/02/2024"}, None)

    row, not_an_object = result.rows
    assert row.errors == [
        "« Nom » obligatoire, vide dans la colonne « intitulé »",
        "date illisible (maj) : « 31/02/2024 »",
    ]
    assert not_an_object.values is None


def test_an_unreadable_timetable_cell_leaves_its_day_out_with_a_warning():
    (row,) = run(
        {"ref": "1", "intitulé": "a", "lundi matin": "sur rendez-vous", "samedi": "9h-12h"}
    ).rows

    assert row.values["hours"] == "Sa 09:00-12:00"
    assert row.warnings == ["horaires illisibles (lundi matin) : « sur rendez-vous », jour ignoré"]


@pytest.mark.parametrize(
    "cell, intervals",
    [
        ("8h30-12h", [(510, 720)]),
        ("08:30 - 12:00", [(510, 720)]),
        ("9h à 12h / 14h-17h", [(540, 720), (840, 1020)]),
        ("9h-12h et 14h-17h", [(540, 720), (840, 1020)]),
        ("Fermé", []),
        ("", []),
        (None, []),
    ],
)
def test_timetable_cells_read_as_people_write_them(cell, intervals):
    assert timetable.read_cell(cell) == intervals


@pytest.mark.parametrize("cell", ["sur rendez-vous", "12h-9h", "25h-26h", "9h"])
def test_a_cell_that_is_no_timetable_is_refused(cell):
    with pytest.raises(TimetableError):
        timetable.read_cell(cell)


def test_days_with_the_same_hours_are_grouped_in_the_osm_value():
    week = [[(540, 720)]] * 5 + [[(600, 720)], []]
    assert timetable.to_opening_hours(week) == "Mo-Fr 09:00-12:00; Sa 10:00-12:00"
    assert timetable.to_opening_hours([[(540, 720)], [(540, 720)], [], [], [], [], []]) == (
        "Mo,Tu 09:00-12:00"
    )
    assert timetable.to_opening_hours([[]] * 7) == ""


def test_validation_names_what_is_missing_or_wrong():
    spec = {
        "fields": {"id": {"column": "ref"}, "kind": {"column": "absente"}},
        "values": {"kind": {"R": ["Violet"]}},
        "hours": [{"column": "lundi", "day": 9}],
    }
    errors = mapping.validate(TARGET, spec, columns=["ref", "lundi"])
    assert errors == [
        "« Nom » est obligatoire : choisissez une colonne ou une valeur fixe.",
        "La colonne « absente » (pour « Genre ») n'est pas dans ce fichier.",
        "« Violet » n'est pas une valeur de « Genre » (code « R »).",
        "Jour invalide pour la colonne « lundi ».",
    ]
    assert mapping.validate(TARGET, SPEC) == []


def test_a_first_mapping_is_guessed_from_normalised_column_names():
    spec = mapping.guess(
        TARGET, ["N° fiche", "Nom de la structure", "Date de mise à jour", "Mardi matin"]
    )
    assert spec["fields"] == {
        "id": {"column": "N° fiche"},
        "nom": {"column": "Nom de la structure"},
        "date": {"column": "Date de mise à jour"},
    }
    assert spec["hours"] == [{"column": "Mardi matin", "day": 1}]


def test_distinct_codes_are_split_as_the_engine_splits_them():
    rows = [(2, {"code": "R / V"}), (3, {"code": "R"}), (4, {"code": "Bleu et/ou vert"}), (5, None)]
    vocabulary = {mapping.normalize(c): c for c in TARGET.field("kind").choices}
    assert mapping.distinct_codes(rows, "code", vocabulary=vocabulary) == [
        "R",
        "V",
        "Bleu et/ou vert",
    ]


def test_an_apps_target_is_found_through_the_hook(db):
    assert mapping.get_target("directory.venue").field("nom").required
    with pytest.raises(LookupError):
        mapping.get_target("nowhere.nothing")
