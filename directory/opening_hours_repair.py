"""The common slips of hand-written ``opening_hours``, repaired when an import reads them, each
repair told in a warning that says what was read.

Why the project's reader (``directory.opening_hours``) and not the OSM parser on PyPI
(``opening-hours-py``), measured by ``bench/bench_opening_hours.py`` on the real exports and
the slips real files hold: both read every well-formed text of the exports alike, and
neither reads a slip (``Mo 08:45-12:00-13:45``, ``Sa 10:00``, ``Mo 14-17;9-12,14-17``); the
project's reader gives the weekly intervals the finder's figures and its SQL filters
(``OpeningInterval``) are made of directly, where the OSM parser gives dated intervals that a
week would have to be sampled for, and it costs a compiled dependency. What the OSM parser
reads beyond the subset (months, public holidays by region) venue exports do not use. So the
project's reader stays, and this module repairs, before it, what people get wrong:

- hours written French-style or without minutes: ``9h-12h``, ``8h30``, ``14-17``, ``9.30``;
- a chained range ``08:45-12:00-13:45``: the first range is read, the dangling hour dropped;
- a lone hour without its end (``Sa 10:00``): that rule is dropped, its days left closed;
- a rule of times only after one with days (``Mo 14-17;9-12``): the same days, more times;
- day codes in any case (``mo-fr``), ranges separated by a space, dashes of any kind.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from directory.opening_hours import OpeningHoursError, parse

_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su|PH|SH)"
_DAYS_RE = re.compile(rf"^\s*{_DAY}(?:\s*[-,]\s*{_DAY})*\b", re.IGNORECASE)
_CLOCK_RE = re.compile(r"\b(\d{1,2})\s*(?:[h:.](\d{2})|h)?(?![\d:])", re.IGNORECASE)
_CHAIN_RE = re.compile(r"(\d{2}:\d{2}-\d{2}:\d{2})((?:-\d{2}:\d{2})+)")
_LONE_RE = re.compile(r"(?<![-\d:])\d{2}:\d{2}(?![-\d:])")
_RANGE_GAP_RE = re.compile(r"(\d{2}:\d{2}-\d{2}:\d{2})\s+(?=\d{2}:\d{2}-)")


@dataclass(frozen=True)
class Repair:
    text: str  # what the reader reads
    notes: tuple[str, ...]  # what was changed, in French


def _clock(match: re.Match) -> str:
    hours, minutes = int(match.group(1)), match.group(2) or "00"
    return f"{hours:02d}:{minutes}" if hours <= 24 else match.group(0)


def _day_codes(rule: str) -> str:
    return _DAYS_RE.sub(
        lambda m: re.sub(
            r"[a-z]{2}", lambda d: d.group(0).title(), m.group(0), flags=re.IGNORECASE
        ),
        rule,
    )


def _repair_rule(rule: str, notes: list[str]) -> str | None:
    """The rule with its times repaired; None when nothing of it can be read."""
    days = _DAYS_RE.match(rule)
    head, times = (rule[: days.end()], rule[days.end() :]) if days else ("", rule)
    if times.strip() in {"", "off", "closed", "open"}:
        return rule
    times = re.sub(r"\s*[–—‐]\s*|\s+-\s+|\s+à\s+", "-", times)  # noqa: RUF001
    times = _CLOCK_RE.sub(_clock, times)
    times = re.sub(r"\s*-\s*", "-", times)
    times = re.sub(r"\s*,\s*", ",", times)
    times = _RANGE_GAP_RE.sub(r"\1,", times)
    for chained in _CHAIN_RE.finditer(times):
        notes.append(
            _("heure « %(extra)s » sans début ignorée")
            % {"extra": chained.group(2).lstrip("-").replace("-", ", ")}
        )
    times = _CHAIN_RE.sub(r"\1", times)
    lone = _LONE_RE.findall(times)
    if lone:
        notes.append(_("« %(rule)s » : heure sans fin, règle ignorée") % {"rule": rule.strip()})
        return None
    return f"{head.strip()} {times.strip()}".strip()


def repair(text: str) -> Repair | None:
    """A reading of ``text`` the reader accepts, with what was changed; None when ``text``
    reads as it is, or no repair makes it readable."""
    try:
        parse(text)
        return None
    except OpeningHoursError:
        pass
    notes: list[str] = []
    rules: list[str] = []
    last_days = ""
    for raw in text.split(";"):
        rule = _day_codes(raw.strip())
        if not rule:
            continue
        days = _DAYS_RE.match(rule)
        if days:
            last_days = days.group(0)
        repaired = _repair_rule(rule, notes)
        if repaired is None:
            continue
        if not days and last_days and rules:
            # "Mo 14-17;9-12": times alone after a rule with days add to those days.
            rules[-1] = f"{rules[-1]},{repaired}"
            notes.append(
                _("« %(rule)s » ajouté aux jours de la règle précédente") % {"rule": raw.strip()}
            )
            continue
        rules.append(repaired)
    fixed = "; ".join(rules)
    if not fixed or fixed == text:
        return None
    try:
        parse(fixed)
    except OpeningHoursError:
        return None
    return Repair(fixed, tuple(notes))


def describe(original: str, repaired: Repair) -> str:
    """The import's warning for a repaired text."""
    message = _("horaires « %(original)s » lus comme « %(text)s »") % {
        "original": original[:80],
        "text": repaired.text,
    }
    if repaired.notes:
        message += " (" + " ; ".join(repaired.notes) + ")"
    return message
