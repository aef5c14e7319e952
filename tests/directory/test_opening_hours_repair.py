"""The common slips of hand-written hours, repaired with a warning saying what was read."""

import pytest

from directory import opening_hours
from directory.import_checks import RowUnderCheck, check_hours
from directory.opening_hours_repair import describe, repair


@pytest.mark.parametrize(
    "text, read",
    [
        ("Mo 08:45-12:00-13:45", "Mo 08:45-12:00"),
        ("Mo 14-17;9-12,14-17", "Mo 14:00-17:00,09:00-12:00,14:00-17:00"),
        ("mo-fr 9h-12h 14h-17h30", "Mo-Fr 09:00-12:00,14:00-17:30"),
        ("Tu 9.30-12.00; Sa 10:00", "Tu 09:30-12:00"),
        ("Mo,Tu 9h - 12h", "Mo,Tu 09:00-12:00"),
    ],
)
def test_common_slips_are_read_as_meant(text, read):
    repaired = repair(text)
    assert repaired.text == read
    assert opening_hours.parse(repaired.text)


def test_what_was_dropped_is_said():
    assert describe("Mo 08:45-12:00-13:45", repair("Mo 08:45-12:00-13:45")) == (
        "horaires « Mo 08:45-12:00-13:45 » lus comme « Mo 08:45-12:00 » "
        "(heure « 13:45 » sans début ignorée)"
    )
    assert "« Sa 10:00 » : heure sans fin, règle ignorée" in repair("Tu 9-12; Sa 10:00").notes


@pytest.mark.parametrize("text", ["Mo-Fr 09:00-12:00", "Sa 10:00", "sur rendez-vous", "Jan-Mar"])
def test_readable_texts_and_hopeless_ones_are_not_repaired(text):
    assert repair(text) is None


def test_an_import_row_keeps_the_repaired_text_and_warns():
    row = RowUnderCheck(2, {}, values={"opening_hours": "Mo 14-17;9-12"})
    check_hours(row)
    assert row.values["opening_hours"] == "Mo 14:00-17:00,09:00-12:00"
    assert row.warnings[0].startswith("horaires « Mo 14-17;9-12 » lus comme")

    unreadable = RowUnderCheck(3, {}, values={"opening_hours": "Sa 10:00"})
    check_hours(unreadable)
    assert unreadable.values["opening_hours"] == "Sa 10:00"
    assert unreadable.warnings == ["horaires illisibles « Sa 10:00 » : affichés tels quels"]
