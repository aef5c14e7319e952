"""iCalendar (RFC 5545) files, written by the maintained ``icalendar`` library.

``calendar`` turns any events into VCALENDAR bytes: an event page's download
(``event_to_ical``) now, the funding deadlines feed later. Times are written in UTC, which
every calendar reads without a VTIMEZONE; a ``datetime.date`` is a whole day.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar
from django.utils import timezone

PRODUCT_ID = "-//Maillage//Evenements des hubs//FR"
DEFAULT_DURATION = datetime.timedelta(hours=2)


@dataclass(frozen=True)
class CalendarEvent:
    """What a calendar shows of one event. ``uid`` must stay the same across downloads."""

    uid: str
    start: datetime.datetime | datetime.date
    summary: str
    end: datetime.datetime | datetime.date | None = None
    description: str = ""
    location: str = ""
    url: str = ""


def _moment(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):  # the project's time (Europe/Paris), as Django reads it
            value = timezone.make_aware(value)
        return value.astimezone(datetime.UTC)
    return value


def calendar(events: Iterable[CalendarEvent], *, name: str = "") -> bytes:
    """A VCALENDAR holding one VEVENT per event, as the bytes of an ``.ics`` file."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", event.uid)
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", _moment(event.start))
        if event.end is not None:
            vevent.add("dtend", _moment(event.end))
        vevent.add("summary", event.summary)
        for key, value in (
            ("description", event.description),
            ("location", event.location),
            ("url", event.url),
        ):
            if value:
                vevent.add(key, value)
        cal.add_component(vevent)
    return cal.to_ical()


def event_to_ical(event, request) -> str:
    """The ``.ics`` text of an ``EventPage``: its place or online link, its public URL."""
    # The address the visitor used, rather than the site's configured host name.
    url = request.build_absolute_uri(event.get_url(request))
    location = ", ".join(p for p in (event.location_name, event.address) if p) or event.online_url
    entry = CalendarEvent(
        # Stable whatever the host name: the page's translation key is a UUID.
        uid=f"{event.translation_key}@maillage",
        start=event.start,
        end=event.end or event.start + DEFAULT_DURATION,
        summary=event.title,
        description="\n".join(p for p in (event.intro, event.registration_url, url) if p),
        location=location,
        url=url,
    )
    return calendar([entry]).decode("utf-8")
