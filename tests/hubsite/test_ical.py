"""iCalendar files (hubsite.ical), read back with the icalendar library."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.test import RequestFactory
from django.utils import timezone

from hubsite.ical import CalendarEvent, calendar, event_to_ical
from tests.factories import HubFactory, add_event

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_a_calendar_holds_each_event_with_its_fields():
    start = datetime.datetime(2030, 6, 4, 14, 0, tzinfo=PARIS)
    data = calendar(
        [
            CalendarEvent(
                uid="atelier-1@maillage",
                start=start,
                end=start + datetime.timedelta(hours=2),
                summary="Atelier; numérique, pour tous",
                description="Ligne 1\nLigne 2",
                location="Médiathèque, 1 rue de la Paix",
                url="https://maillage.example/atelier/",
            ),
            CalendarEvent(
                uid="echeance-2@maillage",
                start=datetime.date(2030, 9, 30),
                summary="Date limite de dépôt",
            ),
        ],
        name="Échéances",
    )

    assert isinstance(data, bytes)
    parsed = icalendar.Calendar.from_ical(data)
    assert parsed["VERSION"] == "2.0" and parsed["X-WR-CALNAME"] == "Échéances"
    first, second = parsed.walk("VEVENT")
    assert first["UID"] == "atelier-1@maillage"
    assert first["SUMMARY"] == "Atelier; numérique, pour tous"
    assert first["DESCRIPTION"] == "Ligne 1\nLigne 2"
    assert first["LOCATION"] == "Médiathèque, 1 rue de la Paix"
    assert first["URL"] == "https://maillage.example/atelier/"
    assert first.decoded("DTSTART") == start
    assert first.decoded("DTSTART").utcoffset() == datetime.timedelta(0)  # written in UTC
    assert first.decoded("DTEND") == datetime.datetime(2030, 6, 4, 14, 0, tzinfo=datetime.UTC)
    assert first.decoded("DTSTAMP").tzinfo is not None
    assert second.decoded("DTSTART") == datetime.date(2030, 9, 30)  # a whole day
    assert "DTEND" not in second and "LOCATION" not in second


@pytest.mark.django_db
def test_an_event_pages_file_reads_back_with_its_uid_times_place_and_url(home):
    hub = HubFactory(name="Bretagne", slug="bretagne")
    start = timezone.make_aware(datetime.datetime(2030, 6, 4, 14, 0))
    event = add_event(
        hub, title="Atelier", start=start, location_name="Médiathèque", address="1 rue Haute"
    )

    text = event_to_ical(event, RequestFactory().get("/"))

    (vevent,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert vevent["UID"] == f"{event.translation_key}@maillage"
    assert vevent.decoded("DTSTART") == start
    assert vevent.decoded("DTSTART").astimezone(PARIS).hour == 14
    assert vevent.decoded("DTEND") == start + datetime.timedelta(hours=2)  # no end: two hours
    assert vevent["SUMMARY"] == "Atelier"
    assert vevent["LOCATION"] == "Médiathèque, 1 rue Haute"
    assert vevent["URL"] == "http://testserver/bretagne/evenements/atelier/"
    assert vevent["DESCRIPTION"].endswith("http://testserver/bretagne/evenements/atelier/")
