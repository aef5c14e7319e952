"""Map data for a view of the map: the venues themselves when few, else clusters counted by SQL.

Clusters are cells of a fixed grid whose size follows the zoom (about 64 pixels), anchored at
(-90, -180) so that they do not move as the map pans. The database groups the venues of the
view by cell and returns a count, a centroid and a bounding box per cell: the browser receives
at most ``MAX_FEATURES`` features whatever the number of venues. From 0.2° up, the cell is a
block of ``directory.geo`` cells and the key is integer arithmetic on the indexed ``grid_cell``.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, F, FloatField, Func, IntegerField, Max, Min, Sum, Value
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory import geo
from directory.models import VenueQuerySet
from directory.search import CELLS_PER_ROW, HoursFilter, cell_ranges

MAX_FEATURES = 500
CLUSTER_PIXELS = 64
TILE_PIXELS = 256
MIN_ZOOM, MAX_ZOOM = 0, 20
# Over this many rows of grid cells the index no longer narrows much: scan with the box alone.
MAX_INDEXED_ROWS = 40


def max_individual_venues() -> int:
    """Up to this many venues in a view are sent one by one rather than clustered."""
    return getattr(settings, "DIRECTORY_MAP_MAX_VENUES", 300)


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> "BBox":
        """``west,south,east,north`` in degrees; raises ValueError with a message."""
        parts = (text or "").split(",")
        if len(parts) != 4:
            raise ValueError(_("bbox attend quatre nombres : ouest,sud,est,nord."))
        try:
            west, south, east, north = (float(part) for part in parts)
        except ValueError:
            raise ValueError(_("bbox attend quatre nombres : ouest,sud,est,nord.")) from None
        if not all(math.isfinite(v) for v in (west, south, east, north)):
            raise ValueError(_("bbox attend des nombres finis."))
        if not (-180 <= west <= 180 and -180 <= east <= 180):
            raise ValueError(_("Les longitudes de bbox vont de -180 à 180."))
        if not (-90 <= south <= 90 and -90 <= north <= 90):
            raise ValueError(_("Les latitudes de bbox vont de -90 à 90."))
        if west >= east or south >= north:
            raise ValueError(_("bbox : l'ouest doit précéder l'est et le sud le nord."))
        return cls(west, south, east, north)

    @property
    def width(self) -> float:
        return self.east - self.west

    @property
    def height(self) -> float:
        return self.north - self.south


def cell_degrees(zoom: int, bbox: BBox) -> float:
    """The cluster cell size for ``zoom``, enlarged if the box would hold too many cells."""
    size = 360 / 2**zoom / TILE_PIXELS * CLUSTER_PIXELS
    if size >= 0.15:  # whole blocks of grid cells, so that the indexed key serves
        size = round(size / geo.CELL_DEGREES) * geo.CELL_DEGREES
    while (math.ceil(bbox.width / size) + 1) * (math.ceil(bbox.height / size) + 1) > MAX_FEATURES:
        size *= 1.2
    return size


def snapped(bbox: BBox, zoom: int) -> tuple[BBox, float]:
    """``bbox`` widened to whole cluster cells, so that a cell at the edge of the view is
    counted whole and the same cells come back as the map pans (and can be cached); and the
    cell size."""
    size = cell_degrees(zoom, bbox)

    def down(value, offset):
        return math.floor((value + offset) / size) * size - offset

    def up(value, offset):
        return math.ceil((value + offset) / size) * size - offset

    wide = BBox(
        west=max(-180.0, down(bbox.west, 180)),
        south=max(-90.0, down(bbox.south, 90)),
        east=min(180.0, up(bbox.east, 180)),
        north=min(90.0, up(bbox.north, 90)),
    )
    return wide, size


class CellIndex(Func):
    """``floor((expression + offset) / size)`` as an integer; expression + offset >= 0."""

    output_field = IntegerField()

    def __init__(self, expression, offset: float, size: float):
        super().__init__(expression, Value(float(offset)), Value(float(size)))

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = self._parts(compiler, connection)
        # Truncation is the floor here, the operand being positive.
        return f"CAST(({sql[0]} + {sql[1]}) / {sql[2]} AS INTEGER)", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self._parts(compiler, connection)
        return f"CAST(FLOOR(({sql[0]} + {sql[1]}) / {sql[2]}) AS INTEGER)", params

    def _parts(self, compiler, connection):
        sql, params = [], []
        for expression in self.get_source_expressions():
            part_sql, part_params = compiler.compile(expression)
            sql.append(part_sql)
            params.extend(part_params)
        return sql, params


def _in_box(queryset: VenueQuerySet, bbox: BBox) -> VenueQuerySet:
    queryset = queryset.filter(
        latitude__range=(bbox.south, bbox.north), longitude__range=(bbox.west, bbox.east)
    )
    rows = (bbox.north - bbox.south) / geo.CELL_DEGREES
    if rows <= MAX_INDEXED_ROWS:
        queryset = queryset.filter(cell_ranges(bbox.south, bbox.west, bbox.north, bbox.east))
    return queryset


def _venue_url_maker():
    """``url(pk, name)`` for many venues, reversing the route once."""
    pattern = reverse("finder:venue", args=[987654321, "nom-du-lieu"])
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
    hours: HoursFilter | None = None,
    size: float | None = None,
    summary: list[tuple] | None = None,
) -> dict:
    """A GeoJSON FeatureCollection of the venues of ``queryset`` inside ``bbox``: one feature
    per venue when there are few, else one per cluster (``kind``: "venue" or "cluster", with
    ``count``). ``total`` is the number of venues in the box. Three queries at most, with or
    without ``hours``. ``size`` imposes the cluster cell size (see ``snapped``); ``summary``, the
    ``grid_summary`` of ``queryset``, spares the grouping query for a ``snapped`` box whose
    cells are whole grid blocks."""
    in_box = _in_box(queryset.order_by(), bbox)
    if hours:
        in_box = hours.apply(in_box)
    limit = max_individual_venues()
    size = size or cell_degrees(zoom, bbox)
    blocks = round(size / geo.CELL_DEGREES)
    whole_blocks = size >= 0.15 and math.isclose(blocks * geo.CELL_DEGREES, size)
    if whole_blocks:
        # A view of a region or more: most likely clustered, so grouped first (one pass over
        # the venues of the view, however filtered), the venues themselves fetched only when
        # few. Unfiltered, the cached per-cell summary spares even that pass.
        if summary is not None:
            cells = _clusters_from_summary(summary, bbox, blocks)
        else:
            cells = _grouped(in_box, size, blocks=blocks)
        if sum(cell["count"] for cell in cells) > limit:
            return _cluster_collection(queryset, cells, bbox, size)
        return _venue_collection(list(in_box.values_list(*VENUE_COLUMNS)[: limit + 1]), bbox)
    rows = list(in_box.values_list(*VENUE_COLUMNS)[: limit + 1])
    if len(rows) <= limit:
        return _venue_collection(rows, bbox)
    return _cluster_collection(queryset, _grouped(in_box, size), bbox, size)


def _venue_collection(rows: list[tuple], bbox: BBox) -> dict:
    url = _venue_url_maker()
    features = [_venue_feature(url, *row) for row in rows]
    return _collection(features, bbox=bbox, total=len(rows), clustered=False, size=None)


def _grouped(in_box: VenueQuerySet, size: float, *, blocks: int | None = None) -> list[dict]:
    """The venues of ``in_box`` grouped in cells of ``size`` degrees: ``blocks`` grid cells
    of ``directory.geo`` wide when given (integer arithmetic on the indexed ``grid_cell``),
    else by latitude and longitude."""
    if blocks:
        keys = {
            "row": F("grid_cell") / Value(CELLS_PER_ROW) / Value(blocks),
            "column": F("grid_cell") % Value(CELLS_PER_ROW) / Value(blocks),
        }
    else:
        keys = {
            "row": CellIndex(F("latitude"), 90, size),
            "column": CellIndex(F("longitude"), 180, size),
        }
    return list(
        in_box.annotate(**keys)
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
    """Per grid cell of ``directory.geo``: (cell, count, sum of latitudes, sum of longitudes,
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
    first_row = round((bbox.south + 90) / geo.CELL_DEGREES)
    last_row = round((bbox.north + 90) / geo.CELL_DEGREES)
    first_column = round((bbox.west + 180) / geo.CELL_DEGREES)
    last_column = round((bbox.east + 180) / geo.CELL_DEGREES)
    clusters: dict[tuple[int, int], list] = {}
    for cell, count, sum_lat, sum_lon, south, north, west, east, first in summary:
        row, column = divmod(cell, CELLS_PER_ROW)
        if not (first_row <= row < last_row and first_column <= column < last_column):
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
