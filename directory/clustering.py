"""Map data for a view of the map: the venues themselves when few, else clusters counted by SQL.

The database groups the venues of the view by cluster cell (``directory.spatial``) and returns
a count, a centroid and a bounding box per cell: the browser receives at most
``MAX_FEATURES`` features whatever the number of venues. ``map_data`` is the one way in: views
of a region or of France are snapped to whole cells and shared for a few minutes.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, FloatField, Max, Min, Sum
from django.utils.text import slugify

from directory.models import Venue, VenueQuerySet
from directory.spatial import (
    CELLS_PER_ROW,
    MAX_FEATURES,
    BBox,
    cell_degrees,
    cluster_keys,
    grid_blocks,
    in_box,
    snapped,
)

__all__ = ["MAX_FEATURES", "BBox", "grid_summary", "map_data", "map_features", "snapped"]

# Views up to this zoom (a region or more) are snapped to whole cells and shared.
CACHED_UP_TO_ZOOM = 9
MAP_CACHE_SECONDS = 300
OPEN_NOW_CACHE_SECONDS = 60
SUMMARY_KEY = "directory:grid-summary"


def map_data(
    queryset: VenueQuerySet, bbox: BBox, zoom: int, *, variant: str, unfiltered: bool, live: bool
) -> dict:
    """The features of ``map_features`` for a view of the map. Views of a region or of France
    are whole cluster cells, shared by every visitor for a few minutes (the database would
    otherwise group every venue of France on each request): ``variant`` names what narrows
    ``queryset`` (its filters), ``live`` says it holds for the minute only ("open now");
    ``unfiltered`` lets the cached per-cell summary stand for the venues."""
    if zoom > CACHED_UP_TO_ZOOM:
        return map_features(queryset, bbox, zoom)
    bbox, size = snapped(bbox, zoom)
    key = repr((zoom, bbox, variant))
    key = "directory:map:" + hashlib.sha256(key.encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        summary = None
        if unfiltered:
            # The most common: group the per-cell summary instead of the venues.
            summary = cache.get_or_set(
                SUMMARY_KEY, lambda: grid_summary(queryset), MAP_CACHE_SECONDS
            )
        data = map_features(queryset, bbox, zoom, size=size, summary=summary)
        cache.set(key, data, OPEN_NOW_CACHE_SECONDS if live else MAP_CACHE_SECONDS)
    return data


def _venue_url_maker():
    """``url(pk, name)`` for many venues: ``Venue.get_absolute_url``, reversed once."""
    pattern = Venue(pk=987654321, name="nom-du-lieu").get_absolute_url()
    head, tail = pattern.split("987654321-nom-du-lieu")
    return lambda pk, name: f"{head}{pk}-{slugify(name) or 'lieu'}{tail}"


def _venue_feature(url, pk, name, latitude, longitude, commune, approximate) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(longitude, 6), round(latitude, 6)]},
        "properties": {
            "kind": "venue",
            "id": pk,
            "name": name,
            "commune": commune,
            "approximate": approximate,
            "url": url(pk, name),
        },
    }


def _cluster_feature(row) -> dict:
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [round(row["mean_lon"], 5), round(row["mean_lat"], 5)],
        },
        "properties": {
            "kind": "cluster",
            "count": row["count"],
            "bbox": [
                round(row["west"], 5),
                round(row["south"], 5),
                round(row["east"], 5),
                round(row["north"], 5),
            ],
        },
    }


VENUE_COLUMNS = ("pk", "name", "latitude", "longitude", "commune_name", "position_is_approximate")


def map_features(
    queryset: VenueQuerySet,
    bbox: BBox,
    zoom: int,
    *,
    size: float | None = None,
    summary: list[tuple] | None = None,
) -> dict:
    """A GeoJSON FeatureCollection of the venues of ``queryset`` inside ``bbox``: one feature
    per venue when there are few, else one per cluster (``kind``: "venue" or "cluster", with
    ``count``). ``total`` is the number of venues in the box. Three queries at most, however
    ``queryset`` is filtered. ``size`` imposes the cluster cell size (see ``snapped``);
    ``summary``, the ``grid_summary`` of ``queryset``, spares the grouping query for a
    ``snapped`` box whose cells are whole grid blocks."""
    venues_in_box = in_box(queryset.order_by(), bbox)
    limit = settings.DIRECTORY_MAP_MAX_VENUES
    size = size or cell_degrees(zoom, bbox)
    blocks = grid_blocks(size)
    if blocks:
        # A view of a region or more: most likely clustered, so grouped first (one pass over
        # the venues of the view, however filtered), the venues themselves fetched only when
        # few. Unfiltered, the cached per-cell summary spares even that pass.
        if summary is not None:
            cells = _clusters_from_summary(summary, bbox, blocks)
        else:
            cells = _grouped(venues_in_box, size)
        if sum(cell["count"] for cell in cells) > limit:
            return _cluster_collection(queryset, cells, bbox, size)
        rows = list(venues_in_box.values_list(*VENUE_COLUMNS)[: limit + 1])
        return _venue_collection(rows, bbox)
    rows = list(venues_in_box.values_list(*VENUE_COLUMNS)[: limit + 1])
    if len(rows) <= limit:
        return _venue_collection(rows, bbox)
    return _cluster_collection(queryset, _grouped(venues_in_box, size), bbox, size)


def _venue_collection(rows: list[tuple], bbox: BBox) -> dict:
    url = _venue_url_maker()
    features = [_venue_feature(url, *row) for row in rows]
    return _collection(features, bbox=bbox, total=len(rows), clustered=False, size=None)


def _grouped(venues: VenueQuerySet, size: float) -> list[dict]:
    """The venues grouped in cluster cells of ``size`` degrees."""
    return list(
        venues.annotate(**cluster_keys(size))
        .values("row", "column")
        .annotate(
            count=Count("pk"),
            mean_lat=Avg("latitude", output_field=FloatField()),
            mean_lon=Avg("longitude", output_field=FloatField()),
            south=Min("latitude"),
            north=Max("latitude"),
            west=Min("longitude"),
            east=Max("longitude"),
            first=Min("pk"),
        )
        .order_by()
    )


def _cluster_collection(queryset, cells: list[dict], bbox: BBox, size: float) -> dict:
    # A cell holding one venue shows that venue. Always queried (with an id that cannot
    # exist when there is none) so that the number of queries never depends on the data.
    singles = [cell["first"] for cell in cells if cell["count"] == 1] or [0]
    venues = {
        row[0]: row
        for row in queryset.model.objects.filter(pk__in=singles).values_list(*VENUE_COLUMNS)
    }
    url = _venue_url_maker()
    features = [
        _venue_feature(url, *venues[cell["first"]])
        if cell["count"] == 1
        else _cluster_feature(cell)
        for cell in cells
    ]
    total = sum(cell["count"] for cell in cells)
    return _collection(features, bbox=bbox, total=total, clustered=True, size=size)


def grid_summary(queryset: VenueQuerySet) -> list[tuple]:
    """Per grid cell (``directory.spatial``): (cell, count, sum of latitudes, sum of longitudes,
    south, north, west, east, smallest id). About 6,000 rows for 100,000 venues in France,
    read in index order; worth caching, as views of a region or of France only group them."""
    return list(
        queryset.order_by()
        .filter(latitude__isnull=False, longitude__isnull=False, grid_cell__isnull=False)
        .values("grid_cell")
        .annotate(
            count=Count("pk"),
            sum_lat=Sum("latitude"),
            sum_lon=Sum("longitude"),
            south=Min("latitude"),
            north=Max("latitude"),
            west=Min("longitude"),
            east=Max("longitude"),
            first=Min("pk"),
        )
        .order_by("grid_cell")
        .values_list(
            "grid_cell", "count", "sum_lat", "sum_lon", "south", "north", "west", "east", "first"
        )
    )


def _clusters_from_summary(summary: list[tuple], bbox: BBox, blocks: int) -> list[dict]:
    """The clusters of ``bbox`` (on whole grid cells) from a ``grid_summary``, grouped as the
    database would group them."""
    rows, columns = bbox.grid_span()
    clusters: dict[tuple[int, int], list] = {}
    for cell, count, sum_lat, sum_lon, south, north, west, east, first in summary:
        row, column = divmod(cell, CELLS_PER_ROW)
        if row not in rows or column not in columns:
            continue
        key = (row // blocks, column // blocks)
        cluster = clusters.get(key)
        if cluster is None:
            clusters[key] = [count, sum_lat, sum_lon, south, north, west, east, first]
        else:
            cluster[0] += count
            cluster[1] += sum_lat
            cluster[2] += sum_lon
            cluster[3] = min(cluster[3], south)
            cluster[4] = max(cluster[4], north)
            cluster[5] = min(cluster[5], west)
            cluster[6] = max(cluster[6], east)
            cluster[7] = min(cluster[7], first)
    return [
        {
            "count": count,
            "mean_lat": sum_lat / count,
            "mean_lon": sum_lon / count,
            "south": south,
            "north": north,
            "west": west,
            "east": east,
            "first": first,
        }
        for count, sum_lat, sum_lon, south, north, west, east, first in clusters.values()
    ]


def _collection(features: list[dict], *, bbox: BBox, total: int, clustered: bool, size) -> dict:
    return {
        "type": "FeatureCollection",
        "bbox": [round(value, 6) for value in (bbox.west, bbox.south, bbox.east, bbox.north)],
        "features": features,
        "total": total,
        "clustered": clustered,
        "cell_degrees": round(size, 6) if size else None,
    }
