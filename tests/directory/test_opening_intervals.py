"""Opening intervals: the SQL form of a venue's hours that "open now" and "open on Saturday" read.
They must follow the OSM text through every way a venue is written, and answer exactly as the
schedule read in Python does."""

import datetime
import importlib
import io
import random

import pytest
from django.apps import apps
from django.core.management import call_command

from directory import opening_hours
from directory.filters import HoursFilter
from directory.importer import import_file
from directory.models import OpeningInterval, Venue
from tests.directory.charente import json_bytes, load_charente, row
from tests.directory.factories import VenueFactory
from tests.directory.finder_data import bulk_venues, territory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 6, 3)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in Paris, ``day`` days after Monday 3 June 2024."""
    moment = datetime.datetime.combine(MONDAY + datetime.timedelta(days=day), datetime.time())
    return moment.replace(hour=hour, minute=minute, tzinfo=opening_hours.PARIS)


def intervals(venue) -> list[tuple[int, int, int]]:
    return list(
        OpeningInterval.objects.filter(venue=venue)
        .order_by("weekday", "opens")
        .values_list("weekday", "opens", "closes")
    )


def open_at(moment, queryset=None) -> set[int]:
    queryset = Venue.objects.all() if queryset is None else queryset
    return set(HoursFilter(open_at=moment).apply(queryset).values_list("pk", flat=True))


def test_saving_a_venue_writes_its_intervals_and_rewrites_them_when_the_text_changes():
    venue = VenueFactory(opening_hours="Mo,We 09:00-12:00; Fr 22:00-02:00")
    assert intervals(venue) == [(0, 540, 720), (2, 540, 720), (4, 1320, 1440), (5, 0, 120)]

    venue.opening_hours = "Sa 10:00-12:30"
    venue.save()
    assert intervals(venue) == [(5, 600, 750)]

    venue.opening_hours = "sur rendez-vous"  # outside the syntax: matches no hours filter
    venue.save()
    assert intervals(venue) == []


def test_a_save_that_leaves_the_hours_alone_keeps_the_intervals():
    venue = VenueFactory(opening_hours="Mo-Fr 09:00-17:00")
    before = list(OpeningInterval.objects.filter(venue=venue).values_list("pk", flat=True))

    venue.name = "Nouveau nom"
    venue.save(update_fields=["name"])

    assert list(OpeningInterval.objects.filter(venue=venue).values_list("pk", flat=True)) == before


def test_the_import_writes_intervals_for_new_venues_and_for_changed_hours_only():
    load_charente()
    first_row = row(horaires="Mo-Fr 09:00-12:00")
    other = row(id="lieu-2", nom="Centre social", horaires="Sa 09:00-12:00")
    import_file(json_bytes([first_row, other]), filename="lieux.json")
    first, second = Venue.objects.order_by("source_id")
    assert [day for day, _opens, _closes in intervals(first)] == [0, 1, 2, 3, 4]
    kept = list(OpeningInterval.objects.filter(venue=second).values_list("pk", flat=True))

    changed = first_row | {"horaires": "Tu 14:00-18:00"}
    import_file(json_bytes([changed, other]), filename="lieux.json")

    assert intervals(first) == [(1, 840, 1080)]
    assert list(OpeningInterval.objects.filter(venue=second).values_list("pk", flat=True)) == kept
    assert open_at(at(1, 15)) == {first.pk}
    assert open_at(at(5, 10)) == {second.pk}


def test_an_interval_past_midnight_is_open_the_next_morning():
    (night,) = bulk_venues([(45.65, 0.16)], commune=territory(with_hub=False).angouleme)
    night.opening_hours = "Fr 22:00-02:00"
    night.save(update_fields=["opening_hours"])

    assert open_at(at(4, 23, 30)) == {night.pk}
    assert open_at(at(5, 1, 59)) == {night.pk}
    assert open_at(at(5, 2)) == set()
    assert open_at(at(4, 21, 59)) == set()


def test_sql_answers_as_the_schedule_read_in_python_does():
    """Hundreds of varied texts and moments: the SQL filter and ``Schedule.is_open`` agree."""
    rng = random.Random(7)
    places = territory(with_hub=False)
    points = [(45.6 + rng.random() / 10, 0.1 + rng.random() / 10) for _ in range(150)]
    venues = bulk_venues(points, commune=places.angouleme)
    days = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    for venue in venues:
        first = rng.randrange(7)
        span = f"{days[first]}-{days[(first + rng.randrange(1, 6)) % 7]}"
        opens, closes = rng.randrange(0, 96) * 15, rng.randrange(0, 96) * 15
        text = f"{span} {opens // 60:02d}:{opens % 60:02d}-{closes // 60:02d}:{closes % 60:02d}"
        if opens == closes:
            text = f"{span} off"
        if rng.random() < 0.3:
            text += f"; {rng.choice(days)} 09:00-12:00,14:00-18:30"
        venue.opening_hours = text
        venue.save(update_fields=["opening_hours"])
    schedules = {venue.pk: opening_hours.parse_or_none(venue.opening_hours) for venue in venues}

    for _ in range(60):
        moment = at(rng.randrange(7), rng.randrange(24), rng.randrange(60))
        expected = {pk for pk, schedule in schedules.items() if schedule.is_open(moment)}
        assert open_at(moment) == expected, moment
    saturday = HoursFilter(saturday=True).apply(Venue.objects.all())
    expected = {pk for pk, schedule in schedules.items() if schedule.opens_on(5)}
    assert set(saturday.values_list("pk", flat=True)) == expected


def test_the_migration_reads_the_hours_of_venues_already_there():
    venues = [
        VenueFactory(opening_hours="Mo-Fr 09:00-12:00"),
        VenueFactory(opening_hours="24/7"),
        VenueFactory(opening_hours=""),
        VenueFactory(opening_hours="n'importe quoi"),
    ]
    written = {venue.pk: intervals(venue) for venue in venues}
    OpeningInterval.objects.all().delete()
    migration = importlib.import_module("directory.migrations.0004_opening_intervals")

    migration.read_opening_hours(apps, None)

    assert {venue.pk: intervals(venue) for venue in venues} == written
    assert len(written[venues[1].pk]) == 7


def test_the_moment_is_read_in_paris_whatever_its_time_zone():
    """The server's clock is in UTC: 22:30 UTC on a summer Friday is 00:30 on Saturday."""
    night = VenueFactory(opening_hours="Fr 22:00-02:00")
    evening = VenueFactory(opening_hours="Fr 09:00-23:00")
    utc = datetime.datetime(2024, 6, 7, 22, 30, tzinfo=datetime.UTC)

    assert open_at(utc) == {night.pk}
    assert evening.pk not in open_at(utc)
    with pytest.raises(ValueError):
        open_at(datetime.datetime(2024, 6, 7, 22, 30))  # naive: which clock?


def test_the_rebuild_command_reads_every_venue_again():
    venues = [VenueFactory(opening_hours="Mo-Fr 09:00-12:00") for _ in range(3)]
    written = {venue.pk: intervals(venue) for venue in venues}
    OpeningInterval.objects.filter(venue=venues[0]).delete()
    OpeningInterval.objects.create(venue=venues[1], weekday=6, opens=0, closes=1440)

    call_command("rebuild_opening_intervals", stdout=io.StringIO())

    assert {venue.pk: intervals(venue) for venue in venues} == written
