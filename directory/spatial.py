"""The geometry of the map, without a spatial database: a fixed grid of cells that indexes
venue positions, boxes of the map, and the cluster cells of a zoom.

Each venue stores the number of the 0.1° by 0.1° grid cell it stands in (``grid_cell``, about
11 km by 8 km in France); "what is in this box" or "what is near this point" becomes "what is
in these cells", an indexed condition that PostgreSQL and SQLite answer alike. The map's
cluster cells follow the zoom (about 64 pixels) and are anchored at (-90, -180) so that they
do not move as the map pans; from 0.2° up they are whole blocks of grid cells.
"""

import math
from dataclasses import dataclass

from django.db.models import BooleanField, F, Func, IntegerField, Value
from django.utils.translation import gettext as _

CELL_DEGREES = 0.1
CELLS_PER_ROW = round(360 / CELL_DEGREES)

# At most this many features in a map response, whatever the number of venues.
MAX_FEATURES = 500
CLUSTER_PIXELS = 64
TILE_PIXELS = 256
MIN_ZOOM, MAX_ZOOM = 0, 20
# Over this many rows of grid cells the index no longer narrows much: scan with the box alone.
MAX_INDEXED_ROWS = 40


# --- Grid cells ------------------------------------------------------------------------------


def cell_for(latitude: float, longitude: float) -> int:
    """The grid cell of a point."""
    row = math.floor((latitude + 90) / CELL_DEGREES)
    column = math.floor((longitude + 180) / CELL_DEGREES) % CELLS_PER_ROW
    return row * CELLS_PER_ROW + column


def grid_cell(latitude: float | None, longitude: float | None) -> int | None:
    """A venue's ``grid_cell``: the cell of its position, None without one."""
    if latitude is None or longitude is None:
        return None
    return cell_for(latitude, longitude)


class InCellRanges(Func):
    """``grid_cell`` within one of the given inclusive ranges: an indexed condition whose SQL
    is written directly (the ORM's Q trees cost milliseconds at this size)."""

    output_field = BooleanField()

    def __init__(self, ranges: list[tuple[int, int]]):
        super().__init__(F("grid_cell"))
        self.ranges = [(int(low), int(high)) for low, high in ranges]

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        if not self.ranges:
            return "1 = 0", params
        parts = [
            f"{column} = {low}" if low == high else f"{column} BETWEEN {low} AND {high}"
            for low, high in self.ranges
        ]
        return f"({' OR '.join(parts)})", params


def _row_ranges(rows: range, first_column: int, last_column: int) -> list[tuple[int, int]]:
    """Cell ranges for the given rows between two columns (across the antimeridian when the
    first column is east of the last)."""
    if first_column <= last_column:
        spans = [(first_column, last_column)]
    else:
        spans = [(first_column, CELLS_PER_ROW - 1), (0, last_column)]
    return [
        (row * CELLS_PER_ROW + start, row * CELLS_PER_ROW + end)
        for row in rows
        for start, end in spans
    ]


def cell_ranges(south: float, west: float, north: float, east: float) -> InCellRanges:
    """The grid cells covering a box, as an indexed condition on ``grid_cell``."""
    first_row, first_column = divmod(cell_for(south, west), CELLS_PER_ROW)
    last_row, last_column = divmod(cell_for(north, east), CELLS_PER_ROW)
    if east - west >= 360:
        first_column, last_column = 0, CELLS_PER_ROW - 1
    return InCellRanges(_row_ranges(range(first_row, last_row + 1), first_column, last_column))


# --- Boxes -----------------------------------------------------------------------------------


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

    def grid_span(self) -> tuple[range, range]:
        """The rows and columns of the grid cells of a box drawn on whole grid cells."""
        return (
            range(round((self.south + 90) / CELL_DEGREES), round((self.north + 90) / CELL_DEGREES)),
            range(round((self.west + 180) / CELL_DEGREES), round((self.east + 180) / CELL_DEGREES)),
        )


def in_box(queryset, bbox: BBox):
    """``queryset`` narrowed to the positions inside ``bbox``, through the indexed grid cells
    when the box is small enough for them to narrow the scan."""
    queryset = queryset.filter(
        latitude__range=(bbox.south, bbox.north), longitude__range=(bbox.west, bbox.east)
    )
    if bbox.height / CELL_DEGREES <= MAX_INDEXED_ROWS:
        queryset = queryset.filter(cell_ranges(bbox.south, bbox.west, bbox.north, bbox.east))
    return queryset


# --- Cluster cells ---------------------------------------------------------------------------


def cell_degrees(zoom: int, bbox: BBox) -> float:
    """The cluster cell size for ``zoom``, enlarged if the box would hold too many cells."""
    size = 360 / 2**zoom / TILE_PIXELS * CLUSTER_PIXELS
    if size >= 0.15:  # whole blocks of grid cells, so that the indexed key serves
        size = round(size / CELL_DEGREES) * CELL_DEGREES
    while (math.ceil(bbox.width / size) + 1) * (math.ceil(bbox.height / size) + 1) > MAX_FEATURES:
        size *= 1.2
    return size


def grid_blocks(size: float) -> int | None:
    """How many grid cells wide a cluster cell of ``size`` degrees is, when it is a whole
    block of them (None otherwise)."""
    blocks = round(size / CELL_DEGREES)
    if size >= 0.15 and math.isclose(blocks * CELL_DEGREES, size):
        return blocks
    return None


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


def cluster_keys(size: float) -> dict:
    """The (row, column) of a venue's cluster cell of ``size`` degrees, as SQL expressions:
    integer arithmetic on the indexed ``grid_cell`` for whole blocks of grid cells, else
    computed from the position."""
    blocks = grid_blocks(size)
    if blocks:
        return {
            "row": F("grid_cell") / Value(CELLS_PER_ROW) / Value(blocks),
            "column": F("grid_cell") % Value(CELLS_PER_ROW) / Value(blocks),
        }
    return {
        "row": CellIndex(F("latitude"), 90, size),
        "column": CellIndex(F("longitude"), 180, size),
    }
