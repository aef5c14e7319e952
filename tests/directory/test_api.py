"""The JSON API: GeoJSON of a map view (clustered by SQL when there are many venues) and the
venues nearest a point, with the finder's filters."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import clustering, opening_hours
from directory.models import Status, Venue
from directory.vocabulary import Service
from tests.directory.finder_data import bulk_venues, scatter, territory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

GEOJSON = "/api/venues.geojson"
NEAREST = "/api/venues/nearest"
CHARENTE_BOX = "-0.5,45.2,1.0,46.2"


@pytest.fixture
def places():
    return territory(with_hub=False)


def geojson(client, **params):
    response = client.get(GEOJSON, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def venues_in(data) -> int:
    return sum(
        f["properties"]["count"] if f["properties"]["kind"] == "cluster" else 1
        for f in data["features"]
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "bbox"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "1,46,0,47"}, "bbox"),
        ({"bbox": "0,47,1,46"}, "bbox"),
        ({"bbox": "-200,40,10,50"}, "bbox"),
        ({"bbox": "0,40,1,nan"}, "bbox"),
        ({"bbox": CHARENTE_BOX, "zoom": "x"}, "zoom"),
        ({"bbox": CHARENTE_BOX, "zoom": "25"}, "zoom"),
        ({"bbox": CHARENTE_BOX, "services": "unknown"}, "services"),
    ],
)
def test_geojson_refuses_bad_parameters_with_a_message(client, params, message):
    response = client.get(GEOJSON, params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_few_venues_come_one_by_one_with_their_page(client, places):
    inside = bulk_venues([(45.65, 0.16), (45.70, -0.33)], commune=places.angouleme)
    bulk_venues([(48.85, 2.35)], commune=places.angouleme)  # outside the box
    bulk_venues([(45.66, 0.17)], commune=places.angouleme, status=Status.PENDING)
    data = geojson(client, bbox=CHARENTE_BOX, zoom=9)
    assert data["type"] == "FeatureCollection"
    assert data["clustered"] is False
    assert data["total"] == 2
    ids = {f["properties"]["id"] for f in data["features"]}
    assert ids == {v.pk for v in inside}
    feature = next(f for f in data["features"] if f["properties"]["id"] == inside[0].pk)
    assert feature["geometry"] == {"type": "Point", "coordinates": [0.16, 45.65]}
    assert feature["properties"]["url"] == f"/lieux/{inside[0].pk}-lieu-0/"
    assert feature["properties"]["kind"] == "venue"


def test_geojson_applies_the_finder_filters(client, places):
    bulk_venues([(45.65, 0.16)], commune=places.angouleme, services=[Service.DEMARCHES])
    wanted = bulk_venues(
        [(45.66, 0.16)],
        commune=places.angouleme,
        services=[Service.LOISIRS],
        opening_hours="Sa 10:00-12:00",
    )
    data = geojson(client, bbox=CHARENTE_BOX, zoom=9, services="loisirs")
    assert [f["properties"]["id"] for f in data["features"]] == [wanted[0].pk]
    data = geojson(client, bbox=CHARENTE_BOX, zoom=9, open_saturday="1")
    assert [f["properties"]["id"] for f in data["features"]] == [wanted[0].pk]


def test_an_open_now_view_of_a_region_is_shared_within_its_minute_only(client, places, monkeypatch):
    (venue,) = bulk_venues([(45.65, 0.16)], commune=places.angouleme)
    venue.opening_hours = "Mo 09:00-12:00"
    venue.save(update_fields=["opening_hours"])
    monday = datetime.datetime(2024, 6, 3, tzinfo=opening_hours.PARIS)

    def ids_at(hour, minute, second=0):
        moment = monday.replace(hour=hour, minute=minute, second=second)
        monkeypatch.setattr("directory.api.timezone.now", lambda: moment)
        with CaptureQueriesContext(connection) as captured:
            data = geojson(client, bbox=CHARENTE_BOX, zoom=8, open_now="1")
        return [f["properties"]["id"] for f in data["features"]], bool(captured)

    assert ids_at(11, 59) == ([venue.pk], True)
    # Closed since: a view shared within 11:59 must not be served at 12:00.
    venue.opening_hours = "Mo 09:00-11:00"
    venue.save(update_fields=["opening_hours"])
    assert ids_at(11, 59, 40) == ([venue.pk], False)  # the same minute: shared, no query
    assert ids_at(12, 0) == ([], True)


@pytest.mark.parametrize("zoom", [5, 7, 9, 11, 13, 16])
def test_clusters_count_every_venue_of_the_view_once(client, places, settings, zoom):
    settings.DIRECTORY_MAP_MAX_VENUES = 20
    bulk_venues(scatter(150, latitude=45.65, longitude=0.16, spread=0.4), commune=places.angouleme)
    bulk_venues(
        scatter(30, latitude=45.65, longitude=0.16, spread=0.005, seed=3), commune=places.angouleme
    )
    bulk_venues(
        scatter(40, latitude=48.8, longitude=2.3, spread=0.3, seed=4), commune=places.angouleme
    )
    data = geojson(client, bbox="-0.1,45.4,0.5,45.9", zoom=zoom)
    # Up to zoom 9 the view is widened to whole cluster cells; the response says so.
    box = clustering.BBox(*data["bbox"])
    if zoom > 9:
        assert box == clustering.BBox(-0.1, 45.4, 0.5, 45.9)
    else:
        assert box.west <= -0.1 and box.south <= 45.4 and box.east >= 0.5 and box.north >= 45.9
    in_box = Venue.objects.filter(
        latitude__range=(box.south, box.north), longitude__range=(box.west, box.east)
    ).count()
    assert data["clustered"] is True
    assert data["total"] == in_box
    assert venues_in(data) == in_box
    assert len(data["features"]) <= clustering.MAX_FEATURES
    assert any(f["properties"]["kind"] == "cluster" for f in data["features"])
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert box.west - 1e-5 <= lon <= box.east + 1e-5
        assert box.south - 1e-5 <= lat <= box.north + 1e-5
        if feature["properties"]["kind"] == "cluster":
            west, south, east, north = feature["properties"]["bbox"]
            assert west - 1e-5 <= lon <= east + 1e-5 and south - 1e-5 <= lat <= north + 1e-5


def test_a_wide_view_at_a_close_zoom_never_sends_more_than_the_cap(client, places, settings):
    settings.DIRECTORY_MAP_MAX_VENUES = 50
    grid = [(45.0 + 0.02 * i, -0.5 + 0.02 * j) for i in range(40) for j in range(40)]
    bulk_venues(grid, commune=places.angouleme)
    data = geojson(client, bbox="-0.6,44.9,0.4,45.9", zoom=16)
    assert data["clustered"] is True
    assert venues_in(data) == 1600
    assert 100 < len(data["features"]) <= clustering.MAX_FEATURES


def test_cluster_cells_do_not_move_when_the_map_pans(client, places, settings):
    settings.DIRECTORY_MAP_MAX_VENUES = 20
    bulk_venues(scatter(100, latitude=45.65, longitude=0.16, spread=0.3), commune=places.angouleme)
    for zoom in (7, 10):
        left = geojson(client, bbox="-1,45,1,46.5", zoom=zoom)
        right = geojson(client, bbox="-0.9,45,1.1,46.5", zoom=zoom)
        assert left["clustered"] and right["clustered"]
        inner = [f for f in left["features"] if -0.5 < f["geometry"]["coordinates"][0] < 0.5]
        assert inner and all(f in right["features"] for f in inner)


@pytest.mark.parametrize("zoom", [5, 6, 7, 8])
def test_the_cached_grid_summary_groups_like_the_database(places, settings, zoom):
    settings.DIRECTORY_MAP_MAX_VENUES = 5
    bulk_venues(scatter(300, latitude=46.5, longitude=2.5, spread=3), commune=places.angouleme)
    queryset = Venue.objects.qualified()
    bbox, size = clustering.snapped(clustering.BBox(-1.3, 44.1, 5.7, 48.3), zoom)
    direct = clustering.map_features(queryset, bbox, zoom, size=size)
    summary = clustering.grid_summary(queryset)
    with CaptureQueriesContext(connection) as captured:
        grouped = clustering.map_features(queryset, bbox, zoom, size=size, summary=summary)
    assert len(captured) == 1  # the venues alone in their cell

    def shape(data):
        return sorted(
            (
                f["properties"]["kind"],
                f["properties"].get("count", 1),
                f["properties"].get("id"),
                round(f["geometry"]["coordinates"][0], 4),
                round(f["geometry"]["coordinates"][1], 4),
            )
            for f in data["features"]
        )

    assert grouped["total"] == direct["total"] > 150
    assert direct["clustered"] and grouped["clustered"]
    assert shape(grouped) == shape(direct)


def test_views_of_a_region_are_shared_for_a_few_minutes(client, places, settings):
    settings.DIRECTORY_MAP_MAX_VENUES = 20
    bulk_venues(scatter(100, latitude=45.65, longitude=0.16, spread=0.3), commune=places.angouleme)
    first = geojson(client, bbox="-1,45,1,46.5", zoom=6)
    with CaptureQueriesContext(connection) as captured:
        again = geojson(client, bbox="-0.99,45.01,0.99,46.49", zoom=6)
    assert again == first
    assert len(captured) == 0
    # Different filters are another view.
    assert geojson(client, bbox="-1,45,1,46.5", zoom=6, services="loisirs")["total"] == 0


def test_nearest_lists_venues_by_distance(client, places):
    bulk_venues(scatter(30, latitude=45.65, longitude=0.16, spread=0.3), commune=places.angouleme)
    response = client.get(NEAREST, {"lat": "45.6484", "lon": "0.1562", "limit": "5"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 5
    distances = [r["distance_km"] for r in data["results"]]
    assert distances == sorted(distances)
    first = data["results"][0]
    assert first["url"].startswith("http://testserver/lieux/")
    assert first["services"] == ["Aide aux démarches administratives"]
    assert set(first) >= {"id", "name", "latitude", "longitude", "address", "commune", "free"}


def test_nearest_caps_the_limit_and_applies_filters(client, places):
    bulk_venues(scatter(60, latitude=45.65, longitude=0.16, spread=0.3), commune=places.angouleme)
    wanted = bulk_venues([(46.0, 0.5)], commune=places.angouleme, services=[Service.LOISIRS])
    data = client.get(NEAREST, {"lat": "45.65", "lon": "0.16", "limit": "500"}).json()
    assert data["count"] == 50
    filtered = client.get(NEAREST, {"lat": "45.65", "lon": "0.16", "services": "loisirs"}).json()
    assert [r["id"] for r in filtered["results"]] == [wanted[0].pk]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"lat": "45"},
        {"lat": "91", "lon": "0"},
        {"lat": "45", "lon": "east"},
        {"lat": "45", "lon": "0", "limit": "0"},
        {"lat": "45", "lon": "0", "limit": "2.5"},
        {"lat": "45", "lon": "0", "publics": "martians"},
    ],
)
def test_nearest_refuses_bad_parameters_with_a_message(client, params):
    response = client.get(NEAREST, params)
    assert response.status_code == 400
    assert response.json()["error"]


def queries(client, url, params) -> int:
    cache.clear()  # views of a region are shared for a few minutes: measure them computed
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url", "params", "max_venues"),
    [
        (GEOJSON, {"bbox": CHARENTE_BOX, "zoom": "9"}, 1000),
        (GEOJSON, {"bbox": CHARENTE_BOX, "zoom": "9"}, 10),
        (GEOJSON, {"bbox": CHARENTE_BOX, "zoom": "14", "open_saturday": "1"}, 10),
        (NEAREST, {"lat": "45.65", "lon": "0.16", "limit": "20", "free": "1"}, None),
    ],
    ids=["venues", "clusters", "clusters-hours", "nearest"],
)
def test_api_queries_do_not_grow_with_the_venues(client, places, settings, url, params, max_venues):
    if max_venues:
        settings.DIRECTORY_MAP_MAX_VENUES = max_venues
    hours = {"opening_hours": "Sa 09:00-12:00"}
    bulk_venues(
        scatter(40, latitude=45.65, longitude=0.16, spread=0.2), commune=places.angouleme, **hours
    )
    few = queries(client, url, params)
    bulk_venues(
        scatter(80, latitude=45.65, longitude=0.16, spread=0.2, seed=9),
        commune=places.angouleme,
        **hours,
    )
    assert queries(client, url, params) == few
    assert few <= 4
