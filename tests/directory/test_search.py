"""Reading the search box with the project's own commune data, and nearest-first search."""

import datetime
import random
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import search
from directory.filters import HoursFilter
from directory.models import Status, Venue
from hubsite.models.territories import distance_km
from tests.directory.finder_data import bulk_venues, scatter, territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    return territory(with_hub=False)


# --- Resolving the box ---------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Angoulême", "angouleme", "ANGOULEME ", "Angoul"])
def test_commune_name_is_found_whatever_the_accents_and_case(places, query):
    place = search.resolve_place(query)
    assert place.commune == places.angouleme
    assert (place.latitude, place.longitude) == (45.6484, 0.1562)
    assert place.label == "Angoulême (16)"


def test_postcode_is_found(places):
    assert search.resolve_place("16000").commune == places.angouleme


@pytest.mark.parametrize(
    "query",
    [
        "12 rue de Périgueux 16000 Angoulême",
        "12 rue de Périgueux, 16000",
        "12 rue de Périgueux Angoulême",
        "Place du Champ de Mars, 16000 ANGOULEME",
    ],
)
def test_an_address_is_read_for_its_postcode_and_commune(places, query):
    assert search.resolve_place(query).commune == places.angouleme


def test_a_postcode_shared_by_communes_picks_the_most_populous_and_offers_the_others(places):
    place = search.resolve_place("16170")
    assert place.commune == places.rouillac
    assert place.alternatives == [places.genac]


def test_the_name_after_a_shared_postcode_chooses_among_its_communes(places):
    assert search.resolve_place("16170 Genac-Bignac").commune == places.genac
    assert search.resolve_place("1 place de l'Église 16170 genac").commune == places.genac


def test_homonyms_pick_the_most_populous_and_offer_the_others(places):
    place = search.resolve_place("Saint-Denis")
    assert place.commune == places.saint_denis_974
    assert place.alternatives == [places.saint_denis_93]
    assert search.resolve_place("St Denis").commune == places.saint_denis_974


def test_an_unknown_place_resolves_to_nothing(places):
    assert search.resolve_place("Atlantide") is None
    assert search.resolve_place("99999") is None
    assert search.resolve_place("   ") is None


def test_a_chosen_commune_is_found_by_its_insee_code(places):
    place = search.commune_place("93066")
    assert place.commune == places.saint_denis_93
    assert search.commune_place("00000") is None


def test_no_outside_geocoder_is_called_when_none_is_set(places, settings):
    settings.GEOCODER_URL = ""
    assert search.geocode_remote("12 rue de Périgueux 16000 Angoulême") is None


# --- Nearest first --------------------------------------------------------------------------


def brute_force(queryset, latitude, longitude, limit):
    ranked = sorted(
        (distance_km(latitude, longitude, v.latitude, v.longitude), v.pk)
        for v in queryset.exclude(latitude=None)
    )
    return ranked[:limit]


def test_nearest_matches_an_exhaustive_search(places):
    rng = random.Random(7)
    # A dense town, a sparse countryside and a few isolated venues far away.
    points = scatter(150, latitude=45.65, longitude=0.16, spread=0.05, seed=1)
    points += scatter(60, latitude=45.9, longitude=0.5, spread=1.0, seed=2)
    points += [(43.3, 5.4), (48.85, 2.35), (47.2, -1.55)]
    bulk_venues(points, commune=places.angouleme)
    queryset = Venue.objects.qualified()
    probes = [(45.6484, 0.1562), (45.9, 0.5), (46.5, 1.5), (44.0, -0.5), (45.7, 0.0)]
    probes += [(rng.uniform(44.5, 47), rng.uniform(-1, 2)) for _ in range(10)]
    for latitude, longitude in probes:
        for limit in (1, 10, 25):
            hits = search.nearest_ids(queryset, latitude, longitude, limit=limit)
            expected = brute_force(queryset, latitude, longitude, limit)
            assert [round(h.distance_km, 9) for h in hits] == [round(d, 9) for d, _ in expected]


def test_nearest_on_a_cell_boundary_looks_across_it(places):
    # The point sits just south of a cell row; the nearest venue is 100 m north, the next
    # ones in the point's own cell farther away.
    bulk_venues([(45.7001, 0.15), (45.69, 0.15), (45.6, 0.15)], commune=places.angouleme)
    hits = search.nearest_ids(Venue.objects.all(), 45.6995, 0.15, limit=3)
    assert [round(h.distance_km, 2) for h in hits] == [0.07, 1.06, 11.06]


def test_nearest_gives_fewer_when_there_are_fewer(places):
    bulk_venues([(45.65, 0.16), (45.66, 0.17)], commune=places.angouleme)
    venues = search.nearest(Venue.objects.all(), 45.6484, 0.1562, limit=10)
    assert len(venues) == 2
    assert venues[0].distance_km < venues[1].distance_km


def test_nearest_keeps_to_the_queryset(places):
    bulk_venues([(45.65, 0.16)], commune=places.angouleme, status=Status.PENDING)
    bulk_venues([(45.70, 0.20)], commune=places.angouleme)
    venues = search.nearest(Venue.objects.qualified(), 45.6484, 0.1562, limit=5)
    assert [v.status for v in venues] == [Status.QUALIFIED]


def test_offset_pages_through_the_same_order(places):
    bulk_venues(scatter(30, latitude=45.65, longitude=0.16, spread=0.1), commune=places.angouleme)
    everything = search.nearest(Venue.objects.all(), 45.6484, 0.1562, limit=30)
    second_page = search.nearest(Venue.objects.all(), 45.6484, 0.1562, limit=10, offset=10)
    assert [v.pk for v in second_page] == [v.pk for v in everything[10:20]]


def test_queries_do_not_grow_with_venues_elsewhere(places):
    bulk_venues(scatter(40, latitude=45.65, longitude=0.16, spread=0.05), commune=places.angouleme)

    def run():
        with CaptureQueriesContext(connection) as queries:
            result = search.nearest(Venue.objects.qualified(), 45.6484, 0.1562, limit=10)
        return len(queries), [v.pk for v in result]

    before = run()
    # Three times as many venues, all in other regions.
    bulk_venues(scatter(120, latitude=48.8, longitude=2.3, spread=0.5), commune=places.angouleme)
    assert run() == before
    assert before[0] <= 3


PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_hours_filter_keeps_the_venues_open_at_the_moment(places):
    open_on_monday, closed_on_monday, unreadable = bulk_venues(
        [(45.65, 0.16), (45.651, 0.161), (45.652, 0.162)], commune=places.angouleme
    )
    for venue, text in (
        (open_on_monday, "Mo-Fr 09:00-17:00"),
        (closed_on_monday, "Tu-Sa 09:00-17:00"),
        (unreadable, "sur rendez-vous"),
    ):
        venue.opening_hours = text
        venue.save(update_fields=["opening_hours"])
    monday_ten = datetime.datetime(2024, 6, 3, 10, tzinfo=PARIS)
    hours = HoursFilter(open_at=monday_ten)
    venues = search.nearest(hours.apply(Venue.objects.all()), 45.65, 0.16, limit=10)
    assert [v.pk for v in venues] == [open_on_monday.pk]
    saturday = HoursFilter(saturday=True)
    assert [v.pk for v in saturday.apply(Venue.objects.all())] == [closed_on_monday.pk]
    both = HoursFilter(open_at=monday_ten, saturday=True)
    assert not both.apply(Venue.objects.all()).exists()


def test_nearest_works_across_the_antimeridian_and_near_a_pole(places):
    bulk_venues([(-17.5, 179.9), (-17.5, -179.9), (-17.5, 178.0)], commune=places.angouleme)
    hits = search.nearest_ids(Venue.objects.all(), -17.5, 179.95, limit=3)
    assert [round(h.distance_km) for h in hits] == [5, 16, 207]
    bulk_venues([(89.95, 10.0)], commune=places.angouleme)
    assert len(search.nearest_ids(Venue.objects.all(), 89.99, -170.0, limit=1)) == 1
