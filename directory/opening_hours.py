"""OpenStreetMap ``opening_hours``: the common subset that venue exports use, read into a weekly
schedule, evaluated at a given moment and told in plain French.

Supported: weekdays and ranges (``Mo-Fr``, ``Fr-Mo``), lists (``Mo,We``), several time ranges
(``09:00-12:00,14:00-17:00``), ranges past midnight (``22:00-02:00``), rules separated by ``;``
(a later rule replaces the days it names) or by ``,`` (an additional rule), ``off``/``closed``,
``24/7``, a rule without days (every day) or without times (all day). Public and school
holidays (``PH``, ``SH``) are ignored: a ``PH off`` rule is dropped and ``Mo-Fr,PH`` means
``Mo-Fr``. Anything else (months, weeks, ``Sa[1]``, comments) is refused with
:class:`OpeningHoursError`; callers then show the raw text.
"""

import datetime
import functools
import re
import zoneinfo
from dataclasses import dataclass

from django.utils.translation import gettext as _

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MINUTES_PER_DAY = 24 * 60
SATURDAY = 5

_DAY_RE = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_TIME_RE = r"(?:[01]?\d|2[0-4]):[0-5]\d"
_TOKEN_RE = re.compile(
    rf"""\s*(?:
        (?P<timerange>{_TIME_RE}\s*-\s*{_TIME_RE})
      | (?P<dayrange>{_DAY_RE}\s*-\s*{_DAY_RE})
      | (?P<day>{_DAY_RE})
      | (?P<holiday>PH|SH)
      | (?P<state>off|closed|open)
      | (?P<comma>,)
    )\s*""",
    re.VERBOSE,
)


class OpeningHoursError(ValueError):
    """The text is not in the supported subset of the OSM ``opening_hours`` syntax."""


Interval = tuple[int, int]  # minutes since midnight, end exclusive, 0 <= start < end <= 1440


@dataclass(frozen=True)
class Schedule:
    """A week of opening intervals, Monday (0) to Sunday (6), each day sorted and merged."""

    days: tuple[tuple[Interval, ...], ...]

    @property
    def always_open(self) -> bool:
        return all(day == ((0, MINUTES_PER_DAY),) for day in self.days)

    def opens_on(self, weekday: int) -> bool:
        return bool(self.days[weekday])

    def is_open(self, at: datetime.datetime) -> bool:
        local = local_time(at)
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.days[local.weekday()])

    def _boundaries(self, at: datetime.datetime):
        """(datetime, opens?) for every opening and closing in the eight days from ``at``'s
        day on, in order; a closing at midnight followed by an opening at midnight is none."""
        local = local_time(at)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
        for offset in range(8):
            date = midnight + datetime.timedelta(days=offset)
            weekday = date.weekday()
            previous_day = self.days[(weekday - 1) % 7]
            for start, end in self.days[weekday]:
                continues = start == 0 and previous_day and previous_day[-1][1] == MINUTES_PER_DAY
                if not continues:
                    yield _aware(date + datetime.timedelta(minutes=start)), True
                next_day = self.days[(weekday + 1) % 7]
                carries_on = end == MINUTES_PER_DAY and next_day and next_day[0][0] == 0
                if not carries_on:
                    yield _aware(date + datetime.timedelta(minutes=end)), False

    def next_opening(self, at: datetime.datetime) -> datetime.datetime | None:
        """The next moment after ``at`` when the venue opens, within a week; None if never."""
        for moment, opens in self._boundaries(at):
            if opens and moment > at:
                return moment
        return None

    def next_closing(self, at: datetime.datetime) -> datetime.datetime | None:
        for moment, opens in self._boundaries(at):
            if not opens and moment > at:
                return moment
        return None


def local_time(at: datetime.datetime) -> datetime.datetime:
    """``at`` in Paris, where the schedules' hours are; an aware moment is required."""
    if at.tzinfo is None:
        raise ValueError("An aware datetime is required.")
    return at.astimezone(PARIS)


def _aware(naive: datetime.datetime) -> datetime.datetime:
    # Times in the schedule are wall-clock times in Paris, whatever the offset that day.
    return naive.replace(tzinfo=PARIS)


def _minutes(text: str) -> int:
    hours, minutes = text.strip().split(":")
    value = int(hours) * 60 + int(minutes)
    if value > MINUTES_PER_DAY:
        raise OpeningHoursError(text)
    return value


def _merge(intervals: list[Interval]) -> tuple[Interval, ...]:
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def _day_span(first: str, last: str) -> list[int]:
    start, end = DAY_CODES.index(first), DAY_CODES.index(last)
    return [(start + step) % 7 for step in range((end - start) % 7 + 1)]


def _tokens(rule: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(rule):
        match = _TOKEN_RE.match(rule, position)
        if not match or match.end() == position:
            raise OpeningHoursError(rule)
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _rules(text: str):
    """Yield (days, intervals or None for "off", additional?) for each rule of the text."""
    for rule in (part.strip() for part in text.split(";")):
        if not rule:
            continue
        additional = False
        days: list[int] = []
        holiday_only = False
        intervals: list[Interval] = []
        state = None
        phase = "days"  # days, then times/state; a comma after times may start a new rule
        tokens = _tokens(rule)
        index = 0
        while index < len(tokens):
            kind, value = tokens[index]
            if kind == "comma":
                following = tokens[index + 1][0] if index + 1 < len(tokens) else None
                if following is None:
                    raise OpeningHoursError(rule)
                if phase == "times" and following in {"day", "dayrange", "holiday"}:
                    yield _finish(days, holiday_only, intervals, state, additional)
                    days, holiday_only, intervals, state = [], False, [], None
                    phase, additional = "days", True
                index += 1
                continue
            if kind in {"day", "dayrange", "holiday"}:
                if phase != "days":
                    raise OpeningHoursError(rule)
                if kind == "day":
                    days.append(DAY_CODES.index(value))
                elif kind == "dayrange":
                    first, last = (part.strip() for part in value.split("-"))
                    days.extend(_day_span(first, last))
                else:
                    holiday_only = holiday_only or not days
            elif kind == "timerange":
                if state is not None:
                    raise OpeningHoursError(rule)
                phase = "times"
                start, end = (_minutes(part) for part in value.split("-"))
                intervals.append((start, end))
            elif kind == "state":
                if state is not None or intervals:
                    raise OpeningHoursError(rule)
                phase, state = "times", value
            index += 1
        yield _finish(days, holiday_only, intervals, state, additional)


def _finish(days, holiday_only, intervals, state, additional):
    if holiday_only and not days:
        return None  # a rule about holidays alone: ignored
    days = sorted(set(days)) if days else list(range(7))
    if state in {"off", "closed"}:
        return days, None, additional
    if not intervals:  # "Mo-Fr" or "Mo-Fr open": all day
        intervals = [(0, MINUTES_PER_DAY)]
    return days, intervals, additional


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Schedule:
    """The weekly schedule that ``text`` describes; raises :class:`OpeningHoursError`."""
    text = (text or "").strip()
    if not text:
        raise OpeningHoursError(text)
    if text == "24/7":
        return Schedule(days=tuple(((0, MINUTES_PER_DAY),) for _ in range(7)))
    week: list[list[Interval]] = [[] for _ in range(7)]
    for rule in _rules(text):
        if rule is None:
            continue
        days, intervals, additional = rule
        spill: list[tuple[int, Interval]] = []
        for day in days:
            if not additional:
                week[day] = []
            for start, end in intervals or ():
                if start == end:
                    raise OpeningHoursError(text)
                if end > start:
                    week[day].append((start, end))
                else:  # past midnight: the rest of the night belongs to the next day
                    week[day].append((start, MINUTES_PER_DAY))
                    if end:
                        spill.append(((day + 1) % 7, (0, end)))
        for day, interval in spill:
            week[day].append(interval)
    return Schedule(days=tuple(_merge(day) for day in week))


def parse_or_none(text: str) -> Schedule | None:
    try:
        return parse(text)
    except OpeningHoursError:
        return None


def weekly_intervals(text: str) -> list[tuple[int, int, int]]:
    """(weekday, opens, closes) for each interval of the week ``text`` describes, in minutes
    since midnight; none for an empty or unreadable text. What ``OpeningInterval`` stores."""
    schedule = parse_or_none(text) if text else None
    if schedule is None:
        return []
    return [
        (day, opens, closes)
        for day, intervals in enumerate(schedule.days)
        for opens, closes in intervals
    ]


# --- In French ----------------------------------------------------------------------------


def day_names() -> list[str]:
    return [
        _("Lundi"),
        _("Mardi"),
        _("Mercredi"),
        _("Jeudi"),
        _("Vendredi"),
        _("Samedi"),
        _("Dimanche"),
    ]


def _clock(minutes: int, *, always_minutes: bool = False) -> str:
    hours, rest = divmod(minutes, 60)
    if rest or always_minutes:
        return f"{hours}\u00a0h\u00a0{rest:02d}"
    return f"{hours}\u00a0h"


def describe_interval(interval: Interval) -> str:
    start, end = interval
    if (start, end) == (0, MINUTES_PER_DAY):
        return _("24 h sur 24")
    return f"{_clock(start)} \N{EN DASH} {_clock(end)}"


def describe_week(schedule: Schedule) -> list[tuple[str, str]]:
    """One (day, hours) pair per day, Monday first: ("Lundi", "9 h – 12 h, 14 h – 17 h")."""  # noqa: RUF002
    rows = []
    for name, intervals in zip(day_names(), schedule.days, strict=True):
        text = ", ".join(describe_interval(i) for i in intervals) if intervals else _("Fermé")
        rows.append((name, text))
    return rows


@dataclass(frozen=True)
class OpenStatus:
    is_open: bool
    text: str  # "Ouvert maintenant", "Fermé"
    detail: str  # "jusqu'à 12 h 00", "ouvre mardi à 9 h 00"

    def __str__(self):
        return f"{self.text} \N{EN DASH} {self.detail}" if self.detail else self.text


def _when(moment: datetime.datetime, now: datetime.datetime) -> str:
    local_now, local = local_time(now), local_time(moment)
    days_ahead = (local.date() - local_now.date()).days
    clock = _clock(local.hour * 60 + local.minute, always_minutes=True)
    if days_ahead == 0:
        return _("aujourd'hui à %(time)s") % {"time": clock}
    if days_ahead == 1:
        return _("demain à %(time)s") % {"time": clock}
    return _("%(day)s à %(time)s") % {"day": day_names()[local.weekday()].lower(), "time": clock}


def status(schedule: Schedule, now: datetime.datetime) -> OpenStatus:
    """Whether the venue is open at ``now`` and when that changes, in French."""
    if schedule.always_open:
        return OpenStatus(True, _("Ouvert maintenant"), _("24 h sur 24, 7 jours sur 7"))
    if schedule.is_open(now):
        closing = schedule.next_closing(now)
        detail = _("ferme %(when)s") % {"when": _when(closing, now)} if closing else ""
        return OpenStatus(True, _("Ouvert maintenant"), detail)
    opening = schedule.next_opening(now)
    if opening is None:
        return OpenStatus(False, _("Fermé"), "")
    return OpenStatus(False, _("Fermé"), _("ouvre %(when)s") % {"when": _when(opening, now)})


def status_for(text: str, now: datetime.datetime) -> OpenStatus | None:
    """The status for a raw ``opening_hours`` text, or None when it is empty or unreadable."""
    schedule = parse_or_none(text)
    return status(schedule, now) if schedule else None
