"""The project's ``opening_hours`` reader against the OSM parser on PyPI (``opening-hours-py``),
on the real texts: the Charente export's, and the slips real exports hold (issue 12).

For each reader: how many texts it reads, in how many microseconds a text, whether the two
agree on the week (the intervals of a week without public holiday, Monday 30 November 2026
to Sunday 6 December), and what the finder's SQL filters need (``OpeningInterval``: weekday,
opening and closing minute) costs from each. Then the project's reader after the repairs of
``directory.opening_hours_repair``.

    python bench/bench_opening_hours.py
"""

import datetime
import json
import os
import sys
import time

import common

EXPORT = common.ROOT / "directory" / "data" / "charente_lieux-mediation-numerique_20230711.json"
# The texts issue 12 quotes from two real exports (480 venues with hours): those not read.
SLIPS = [
    "Mo 08:45-12:00-13:45",
    "Sa 10:00",
    "Mo 14-17;9-12,14-17",
]
WEEK_START = datetime.datetime(2026, 11, 30)
REPEAT = 200


def real_texts() -> list[str]:
    venues = json.loads(EXPORT.read_text(encoding="utf-8"))
    return [venue["horaires"] for venue in venues if venue.get("horaires")]


def per_text_us(function, texts) -> float:
    started = time.perf_counter()
    for _ in range(REPEAT):
        for text in texts:
            function(text)
    return (time.perf_counter() - started) / (REPEAT * len(texts)) * 1e6


def osm_week(oh, text):
    """The OSM parser's week as (weekday, opens, closes) minutes, like ``weekly_intervals``."""
    parsed = oh.OpeningHours(text)
    week = []
    end = WEEK_START + datetime.timedelta(days=7)
    for start, stop, state, _comment in parsed.intervals(WEEK_START, end):
        if str(state) not in ("State.OPEN", "open"):
            continue
        stop = stop or end
        day = (start - WEEK_START).days
        opens = start.hour * 60 + start.minute
        closes = (stop - WEEK_START).total_seconds() // 60 - day * 1440
        week.append((day, opens, int(min(closes, 1440))))
    return sorted(week)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubsite.settings.test")
    import django

    django.setup()
    from directory import opening_hours
    from directory.opening_hours_repair import repair

    texts = real_texts()
    every = texts + SLIPS
    print(f"{len(texts)} real texts ({len(set(texts))} distinct) + {len(SLIPS)} slips quoted")

    read = [t for t in every if _uncached(opening_hours, t) is not None]
    cost = per_text_us(lambda t: _uncached(opening_hours, t), every)
    print(f"project reader:      reads {len(read)}/{len(every)}, {cost:.1f} µs a text")
    repairs = {t: repair(t) for t in every}
    fixed = [t for t in every if t in read or repairs[t]]
    print(f"project + repairs:   reads {len(fixed)}/{len(every)}")
    for text, repaired in repairs.items():
        if repaired:
            print(f"  {text!r} → {repaired.text!r}")
    for text in every:
        if text not in fixed:
            print(f"  still unread (shown raw, with a warning): {text!r}")
    cost = per_text_us(lambda t: _uncached_intervals(opening_hours, t), texts)
    print(f"project to SQL rows: {cost:.1f} µs a text (weekly intervals from the schedule)")

    try:
        import opening_hours as oh
    except ImportError:
        print("opening-hours-py: not installed (pip install opening-hours-py): no comparison")
        return

    def osm_reads(text):
        try:
            oh.OpeningHours(text)
        except Exception:
            return False
        return True

    osm_read = [t for t in every if osm_reads(t)]
    cost = per_text_us(osm_reads, every)
    print(f"opening-hours-py:    reads {len(osm_read)}/{len(every)}, {cost:.1f} µs a text")
    both = [t for t in texts if t in osm_read and t in read]
    agree = [t for t in both if osm_week(oh, t) == _uncached_intervals(opening_hours, t)]
    print(f"same week from both: {len(agree)}/{len(both)} of the texts both read")
    for text in both:
        if text not in agree:
            print(f"  differ: {text!r}")
    cost = per_text_us(lambda t: osm_week(oh, t), both)
    print(f"osm to SQL rows:     {cost:.1f} µs a text (a week sampled from dated intervals)")
    only_osm = [t for t in osm_read if t not in read]
    print(f"read by the OSM parser only: {only_osm or 'none'}")


def _uncached(module, text):
    try:
        return module.parse.__wrapped__(text)
    except module.OpeningHoursError:
        return None


def _uncached_intervals(module, text):
    schedule = _uncached(module, text)
    if schedule is None:
        return []
    return [(day, a, b) for day, intervals in enumerate(schedule.days) for a, b in intervals]


if __name__ == "__main__":
    sys.exit(main())
