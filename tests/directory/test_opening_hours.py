"""The OSM opening_hours subset: parsing, evaluation at a given moment (Europe/Paris) and the
French rendering. Time is never patched: every function takes ``now``."""

import datetime
import json
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.opening_hours import (
    DAY_CODES,
    OpeningHoursError,
    describe_week,
    parse,
    parse_or_none,
    status,
    status_for,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NBSP = "\u00a0"


def paris(day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """A moment of the week of Monday 3 June 2024 (day 0 = Monday), Paris time."""
    return datetime.datetime(2024, 6, 3 + day, hour, minute, tzinfo=PARIS)


def text(value: str) -> str:
    """Plain spaces and hyphens for the comparisons (French typography uses no-break spaces
    and en dashes)."""
    return value.replace(NBSP, " ").replace("\N{EN DASH}", "-")


def week(schedule_text: str) -> dict[str, str]:
    return {day: text(hours) for day, hours in describe_week(parse(schedule_text))}


def test_common_schedule_is_told_per_day_in_french():
    assert week("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00") == {
        "Lundi": "9 h - 12 h, 14 h - 17 h",
        "Mardi": "9 h - 12 h, 14 h - 17 h",
        "Mercredi": "9 h - 12 h, 14 h - 17 h",
        "Jeudi": "9 h - 12 h, 14 h - 17 h",
        "Vendredi": "9 h - 12 h, 14 h - 17 h",
        "Samedi": "9 h - 12 h",
        "Dimanche": "Fermé",
    }


def test_hours_use_french_typography():
    assert describe_week(parse("Mo 09:00-12:00"))[0] == ("Lundi", f"9{NBSP}h \N{EN DASH} 12{NBSP}h")


def test_minutes_are_shown_when_not_on_the_hour():
    assert week("Tu 08:30-12:15")["Mardi"] == "8 h 30 - 12 h 15"


def test_a_later_rule_replaces_the_days_it_names():
    hours = week("Mo-Th 09:00-12:00,14:00-18:00; Tu 14:00-18:00; Fr 09:00-12:00,14:00-17:30")
    assert hours["Lundi"] == "9 h - 12 h, 14 h - 18 h"
    assert hours["Mardi"] == "14 h - 18 h"
    assert hours["Vendredi"] == "9 h - 12 h, 14 h - 17 h 30"


def test_rules_may_be_separated_without_space():
    hours = week("Mo 09:00-12:30,14:00-16:30;Tu 09:00-12:30")
    assert hours["Lundi"] == "9 h - 12 h 30, 14 h - 16 h 30"
    assert hours["Mardi"] == "9 h - 12 h 30"


def test_a_comma_before_days_adds_a_rule():
    hours = week("Mo 09:00-12:00, We 14:00-17:00")
    assert hours["Lundi"] == "9 h - 12 h"
    assert hours["Mercredi"] == "14 h - 17 h"
    assert hours["Mardi"] == "Fermé"


def test_day_lists_and_ranges_across_the_weekend():
    assert (
        parse("Mo,We,Fr 10:00-12:00").days
        == parse("Mo 10:00-12:00; We 10:00-12:00; Fr 10:00-12:00").days
    )
    wrapped = parse("Fr-Mo 10:00-12:00")
    assert [wrapped.opens_on(day) for day in range(7)] == [
        True,
        False,
        False,
        False,
        True,
        True,
        True,
    ]


def test_off_closes_the_days_it_names():
    hours = week("Mo-Sa 09:00-18:00; We off")
    assert hours["Mercredi"] == "Fermé"
    assert hours["Jeudi"] == "9 h - 18 h"


def test_overlapping_ranges_are_merged():
    assert week("Mo,We 09:00-16:30,13:30-16:30")["Lundi"] == "9 h - 16 h 30"


def test_public_holidays_are_ignored():
    assert parse("Mo-Fr 09:00-12:00; PH off").days == parse("Mo-Fr 09:00-12:00").days
    assert parse("Mo-Fr,PH 09:00-12:00").days == parse("Mo-Fr 09:00-12:00").days


def test_rule_without_days_is_every_day_and_without_hours_is_all_day():
    assert all(parse("10:00-11:00").opens_on(day) for day in range(7))
    assert week("Sa")["Samedi"] == "24 h sur 24"


def test_twenty_four_seven_is_always_open():
    schedule = parse("24/7")
    assert schedule.always_open
    result = status(schedule, paris(6, 3))
    assert result.is_open
    assert result.text == "Ouvert maintenant"


def test_a_range_past_midnight_continues_the_next_day():
    schedule = parse("Fr 22:00-02:00")
    assert schedule.is_open(paris(4, 23))
    assert schedule.is_open(paris(5, 1, 30))
    assert not schedule.is_open(paris(5, 2))
    assert week("Fr 22:00-02:00")["Samedi"] == "0 h - 2 h"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "Jan-Mar Mo 09:00-12:00",
        "Sa[1] 09:00-12:00",
        "sunrise-sunset",
        '"sur rendez-vous"',
        "Mo 25:00-26:00",
        "Mo 09:00-09:00",
        "Mo-Fr 9h-12h",
        "lundi 9:00-12:00",
        "Mo 09:00-12:00 || Tu 10:00-11:00",
        "Mo 09:00-",
    ],
)
def test_unreadable_text_is_refused_and_callers_get_none(raw):
    with pytest.raises(OpeningHoursError):
        parse(raw)
    assert parse_or_none(raw) is None
    assert status_for(raw, paris(0, 10)) is None


MONDAY_TO_FRIDAY = "Mo-Fr 09:00-12:00,14:00-17:00"


@pytest.mark.parametrize(
    ("schedule_text", "now", "expected"),
    [
        (MONDAY_TO_FRIDAY, paris(0, 10), "Ouvert maintenant - ferme aujourd'hui à 12 h 00"),
        (MONDAY_TO_FRIDAY, paris(0, 12, 30), "Fermé - ouvre aujourd'hui à 14 h 00"),
        (MONDAY_TO_FRIDAY, paris(0, 17), "Fermé - ouvre demain à 9 h 00"),
        (MONDAY_TO_FRIDAY, paris(4, 18), "Fermé - ouvre lundi à 9 h 00"),
        ("Tu 09:00-12:00", paris(6, 15), "Fermé - ouvre mardi à 9 h 00"),
        ("Mo-Su off", paris(2, 10), "Fermé"),
    ],
)
def test_status_at_a_given_moment(schedule_text, now, expected):
    assert text(str(status(parse(schedule_text), now))) == expected


def test_status_reads_any_time_zone_in_paris_time():
    monday_ten_in_paris = datetime.datetime(2024, 6, 3, 8, 0, tzinfo=datetime.UTC)
    assert status(parse(MONDAY_TO_FRIDAY), monday_ten_in_paris).is_open


def test_naive_moments_are_refused():
    with pytest.raises(ValueError):
        parse(MONDAY_TO_FRIDAY).is_open(datetime.datetime(2024, 6, 3, 10))


def test_every_schedule_of_the_real_charente_export_is_read():
    path = Path(__file__).resolve().parents[2] / "directory/data"
    export = path / "charente_lieux-mediation-numerique_20230711.json"
    texts = {row["horaires"] for row in json.loads(export.read_text()) if row.get("horaires")}
    assert len(texts) > 30
    unread = [value for value in texts if parse_or_none(value) is None]
    assert unread == []


# --- Properties -----------------------------------------------------------------------------

QUARTERS = st.integers(min_value=0, max_value=96)


@st.composite
def day_intervals(draw):
    """Sorted, separated intervals of one day in quarter hours."""
    bounds = sorted(set(draw(st.lists(QUARTERS, max_size=6))))
    if len(bounds) % 2:
        bounds = bounds[:-1]
    return [(bounds[i] * 15, bounds[i + 1] * 15) for i in range(0, len(bounds), 2)]


def as_osm(days: list[list[tuple[int, int]]]) -> str:
    def clock(minutes):
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    rules = []
    for code, intervals in zip(DAY_CODES, days, strict=True):
        if intervals:
            ranges = ",".join(f"{clock(start)}-{clock(end)}" for start, end in intervals)
            rules.append(f"{code} {ranges}")
        else:
            rules.append(f"{code} off")
    return "; ".join(rules)


def merged(intervals):
    result = []
    for start, end in intervals:
        if result and start == result[-1][1]:
            result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return tuple(result)


weeks = st.lists(day_intervals(), min_size=7, max_size=7)
moments = st.builds(paris, st.integers(0, 6), st.integers(0, 23), st.integers(0, 59))


@given(weeks)
def test_a_written_week_reads_back_the_same(days):
    assert parse(as_osm(days)).days == tuple(merged(day) for day in days)


@settings(max_examples=200)
@given(weeks, moments)
def test_next_opening_and_closing_are_true_changes(days, now):
    schedule = parse(as_osm(days))
    minute = datetime.timedelta(minutes=1)
    result = status(schedule, now)
    assert result.is_open == schedule.is_open(now)
    opening = schedule.next_opening(now)
    if opening is not None:
        assert opening > now
        assert schedule.is_open(opening)
        assert not schedule.is_open(opening - minute)
    closing = schedule.next_closing(now)
    if closing is not None:
        assert closing > now
        assert not schedule.is_open(closing)
        assert schedule.is_open(closing - minute)
    if schedule.is_open(now) and not schedule.always_open:
        assert closing is not None
    if any(days) and not schedule.is_open(now):
        assert opening is not None


@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_cleanly(raw):
    result = parse_or_none(raw)
    assert result is None or len(result.days) == 7
