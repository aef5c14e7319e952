"""Timetables as spreadsheets keep them, one column per day or per half-day ("lundi matin":
``8h30-12h``, "mardi après-midi": ``14h-17h30``, "fermé", blanks), written as an OSM
``opening_hours`` value (``Mo-Fr 08:30-12:00,14:00-17:30; Sa 09:00-12:00``).

Only what such cells say is read: time ranges written ``8h30-12h``, ``08:30 - 12:00``,
``9h à 12h``, several per cell separated by ``/``, ``,``, ``;``, ``et``; a closed day. A cell
that says something else is reported, its day left out, never guessed.
"""

import re

from django.utils.translation import gettext as _

from hubsite.text import unaccent

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_WORDS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
CLOSED_WORDS = frozenset({"ferme", "fermee", "closed", "off", "non", "-", "/", "x", "0"})

_TIME = r"(\d{1,2})\s*(?:h|:|H)\s*(\d{2})?"
_RANGE_RE = re.compile(rf"{_TIME}\s*(?:-|–|à|a|au|>)\s*{_TIME}")  # noqa: RUF001
_SEPARATORS_RE = re.compile(r"\s*(?:/|,|;|\bet\b|\+|\n)\s*")

Interval = tuple[int, int]


class TimetableError(ValueError):
    """A cell that is neither time ranges nor closed: its text is the message."""


def _fold(text: str) -> str:
    return unaccent(text.lower()).strip()


def _minutes(hours: str, minutes: str | None) -> int:
    value = int(hours) * 60 + int(minutes or 0)
    if int(hours) > 24 or int(minutes or 0) > 59 or value > 24 * 60:
        raise TimetableError(f"{hours}h{minutes or ''}")
    return value


def read_cell(text) -> list[Interval]:
    """The time ranges of one timetable cell; [] for a blank or closed one. TimetableError
    when the cell says something else."""
    folded = _fold(str(text or ""))
    if not folded or folded in CLOSED_WORDS:
        return []
    intervals = []
    for part in _SEPARATORS_RE.split(folded):
        if not part:
            continue
        match = _RANGE_RE.fullmatch(part)
        if not match:
            raise TimetableError(str(text).strip())
        start = _minutes(match.group(1), match.group(2))
        end = _minutes(match.group(3), match.group(4))
        if start >= end:
            raise TimetableError(str(text).strip())
        intervals.append((start, end))
    return intervals


def guess_day(column: str) -> int | None:
    """The weekday (Monday 0) a column's name names, if exactly one: "lundi matin" → 0."""
    words = re.split(r"[^a-z]+", _fold(column))
    found = {index for index, day in enumerate(DAY_WORDS) if day in words}
    return found.pop() if len(found) == 1 else None


def _merge(intervals: list[Interval]) -> tuple[Interval, ...]:
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def to_opening_hours(week: list[list[Interval]]) -> str:
    """The OSM ``opening_hours`` value of seven days' intervals (Monday first), consecutive
    days with the same hours grouped (``Mo-Fr``); "" for a week with no hours at all."""
    days = [_merge(day) for day in week]
    rules = []
    index = 0
    while index < 7:
        if not days[index]:
            index += 1
            continue
        last = index
        while last + 1 < 7 and days[last + 1] == days[index]:
            last += 1
        span = DAY_CODES[index] if last == index else f"{DAY_CODES[index]}-{DAY_CODES[last]}"
        if last == index + 1:
            span = f"{DAY_CODES[index]},{DAY_CODES[last]}"
        times = ",".join(f"{_clock(start)}-{_clock(end)}" for start, end in days[index])
        rules.append(f"{span} {times}")
        index = last + 1
    return "; ".join(rules)


def read_timetable(cells: list[tuple[int, str, object]]) -> tuple[str, list[str]]:
    """(opening_hours, warnings) from (weekday, column, cell) triples of one row: a cell that
    cannot be read is left out, with a warning naming its column and text."""
    week: list[list[Interval]] = [[] for _ in range(7)]
    warnings = []
    for day, column, cell in cells:
        try:
            week[day].extend(read_cell(cell))
        except TimetableError as error:
            warnings.append(
                _("horaires illisibles (%(column)s) : « %(value)s », jour ignoré")
                % {"column": column, "value": str(error)[:60]}
            )
    return to_opening_hours(week), warnings
