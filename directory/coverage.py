"""How far each commune lives from the directory's venues, computed for the whole of France at
once and stored in ``CommuneCoverage``.

Venues are put in buckets of 0.1° by 0.1° (a dict, in memory); each commune looks at the
buckets around its own in widening rings, and stops once a ring's inner edge is farther than
the best venue found. Distances are compared as chords between unit vectors (cheap, and in the
same order as great-circle distances), and only the best is turned into kilometres. Pure
Python and two plain queries: the same on SQLite and PostgreSQL.

Changes to venues call :func:`schedule_recompute`, which queues one background computation
for however many changes a transaction or a burst of them makes (``CoverageState``).
"""

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from directory.models import CommuneCoverage, CoverageState, OpeningInterval, Venue
from directory.opening_hours import SATURDAY
from hubsite.models import Commune
from hubsite.models.territories import EARTH_RADIUS_KM

CELL_DEGREES = 0.1
# Nobody is sent farther: beyond this, a commune has "no venue" of the kind.
MAX_SEARCH_KM = 100.0
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
# The ring bound uses a flat approximation of the cell's edges; this margin keeps it below
# the true great-circle distance at every latitude France has communes.
BOUND_MARGIN = 0.98
STATE_PK = 1
WRITE_BATCH = 2000
# Distances are stored to the ten metres: a recomputation with nothing changed writes nothing.
DECIMALS = 2


def _unit(latitude: float, longitude: float) -> tuple[float, float, float]:
    phi, lam = math.radians(latitude), math.radians(longitude)
    cos_phi = math.cos(phi)
    return (cos_phi * math.cos(lam), cos_phi * math.sin(lam), math.sin(phi))


def _chord_km(chord_squared: float) -> float:
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(chord_squared) / 2))


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return (
        math.floor((latitude + 90) / CELL_DEGREES),
        math.floor((longitude + 180) / CELL_DEGREES),
    )


class PointIndex:
    """Points in buckets of the grid, answering "how far is the nearest one"."""

    columns = round(360 / CELL_DEGREES)

    def __init__(self, points: Iterable[tuple[float, float]]):
        self.cells: dict[tuple[int, int], list[tuple[float, float, float]]] = defaultdict(list)
        for latitude, longitude in points:
            self.cells[_cell(latitude, longitude)].append(_unit(latitude, longitude))
        self.cells = dict(self.cells)
        self.points = [point for points in self.cells.values() for point in points]

    def __len__(self) -> int:
        return len(self.points)

    def _ring(self, row: int, column: int, radius: int):
        if radius == 0:
            yield row, column
            return
        columns = self.columns
        for dc in range(-radius, radius + 1):
            yield row - radius, (column + dc) % columns
            yield row + radius, (column + dc) % columns
        for dr in range(-radius + 1, radius):
            yield row + dr, (column - radius) % columns
            yield row + dr, (column + radius) % columns

    def nearest_km(self, latitude: float, longitude: float, max_km: float = MAX_SEARCH_KM):
        """The great-circle distance to the nearest point, None if none is within ``max_km``."""
        return self.nearest_many([(latitude, longitude)], max_km)[0]

    def nearest_many(
        self, places: Sequence[tuple[float, float]], max_km: float = MAX_SEARCH_KM
    ) -> list[float | None]:
        """``nearest_km`` of each place, the places being in one cell of the grid: the rings
        around it are read once for all of them."""
        if not self.cells or not places:
            return [None] * len(places)
        row, column = _cell(*places[0])
        targets = [_unit(latitude, longitude) for latitude, longitude in places]
        best = [math.inf] * len(targets)
        top_latitude = max(abs(latitude) for latitude, _longitude in places)
        cells, looked, radius = self.cells, 0, 0
        while True:
            if looked > len(cells):
                # Sparse points: looking at every one costs less than widening the rings.
                best = [
                    self._closest(target, self.points, current)
                    for target, current in zip(targets, best, strict=True)
                ]
                return self._kilometres(best, max_km)
            # Whatever lies outside the rings searched is at least this far.
            edge_latitude = min(89.9, top_latitude + (radius + 1) * CELL_DEGREES)
            shrink = math.cos(math.radians(edge_latitude))
            for key in self._ring(row, column, radius):
                looked += 1
                points = cells.get(key)
                if points:
                    self._visit(key, points, places, targets, best, shrink)
            bound = (
                radius
                * CELL_DEGREES
                * KM_PER_DEGREE
                * math.cos(math.radians(edge_latitude))
                * BOUND_MARGIN
            )
            worst = max(best)
            if (worst < math.inf and _chord_km(worst) <= bound) or bound > max_km:
                return self._kilometres(best, max_km)
            radius += 1

    @staticmethod
    def _visit(key, points, places, targets, best: list[float], shrink: float) -> None:
        """Lower ``best`` with the points of the cell ``key``, skipping the places whose
        best so far is nearer than the cell's edge (most of them, where venues are dense)."""
        south = key[0] * CELL_DEGREES - 90
        west = key[1] * CELL_DEGREES - 180
        north, east = south + CELL_DEGREES, west + CELL_DEGREES
        for index, (latitude, longitude) in enumerate(places):
            d_lat = south - latitude if latitude < south else max(0.0, latitude - north)
            d_lon = west - longitude if longitude < west else max(0.0, longitude - east)
            if d_lon > 180:  # across the antimeridian: no shortcut
                d_lat = d_lon = 0.0
            if d_lat or d_lon:
                gap_km = math.hypot(d_lat, d_lon * shrink) * KM_PER_DEGREE * BOUND_MARGIN
                gap_chord = 2 * math.sin(min(gap_km / (2 * EARTH_RADIUS_KM), math.pi / 2))
                if gap_chord * gap_chord >= best[index]:
                    continue
            best[index] = PointIndex._closest(targets[index], points, best[index])

    @staticmethod
    def _closest(target, points, current: float) -> float:
        x, y, z = target
        closest = min((a - x) ** 2 + (b - y) ** 2 + (c - z) ** 2 for a, b, c in points)
        return closest if closest < current else current

    @staticmethod
    def _kilometres(chords: list[float], max_km: float) -> list[float | None]:
        kilometres = [_chord_km(chord) if chord < math.inf else None for chord in chords]
        return [km if km is not None and km <= max_km else None for km in kilometres]


@dataclass(frozen=True)
class Indexes:
    """The venues a commune is measured against: any qualified one, those accepting the pass
    numérique, those open on Saturday."""

    any: PointIndex
    pass_numerique: PointIndex
    saturday: PointIndex

    @classmethod
    def load(cls) -> "Indexes":
        rows = list(
            Venue.objects.qualified()
            .filter(latitude__isnull=False, longitude__isnull=False)
            .order_by()
            .values_list("pk", "latitude", "longitude", "accepts_pass_numerique")
        )
        saturday = set(
            OpeningInterval.objects.filter(weekday=SATURDAY)
            .order_by()
            .values_list("venue_id", flat=True)
            .distinct()
        )
        return cls(
            any=PointIndex((lat, lon) for _pk, lat, lon, _pass in rows),
            pass_numerique=PointIndex((lat, lon) for _pk, lat, lon, accepts in rows if accepts),
            saturday=PointIndex((lat, lon) for pk, lat, lon, _pass in rows if pk in saturday),
        )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def compute() -> dict[str, tuple[float | None, float | None, float | None]]:
    """{INSEE code: (nearest, pass numérique, Saturday) in km} for every located commune."""
    indexes = Indexes.load()
    communes = Commune.objects.filter(latitude__isnull=False, longitude__isnull=False)
    by_cell: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
    for code, latitude, longitude in communes.order_by().values_list("pk", "latitude", "longitude"):
        by_cell[_cell(latitude, longitude)].append((code, latitude, longitude))
    result = {}
    for group in by_cell.values():
        places = [(latitude, longitude) for _code, latitude, longitude in group]
        columns = [
            index.nearest_many(places)
            for index in (indexes.any, indexes.pass_numerique, indexes.saturday)
        ]
        for (code, _lat, _lon), *distances in zip(group, *columns, strict=True):
            result[code] = tuple(_rounded(km) for km in distances)
    return result


FIELDS = ("nearest_km", "pass_numerique_km", "saturday_km")


@transaction.atomic
def store(distances: dict[str, tuple]) -> int:
    """Write ``distances`` over the stored ones, touching only the rows that changed (and
    removing those of communes no longer located); returns how many rows were written."""
    stored = {
        row[0]: row[1:]
        for row in CommuneCoverage.objects.order_by().values_list("commune_id", *FIELDS)
    }
    created = [
        CommuneCoverage(commune_id=code, **dict(zip(FIELDS, values, strict=True)))
        for code, values in distances.items()
        if code not in stored
    ]
    changed = [
        CommuneCoverage(commune_id=code, **dict(zip(FIELDS, values, strict=True)))
        for code, values in distances.items()
        if code in stored and tuple(stored[code]) != tuple(values)
    ]
    gone = [code for code in stored if code not in distances]
    # Changed rows are deleted and inserted again: an UPDATE per row, or bulk_update's CASE
    # over thousands of them, takes tens of seconds where this takes one.
    removed = gone + [row.commune_id for row in changed]
    for start in range(0, len(removed), WRITE_BATCH):
        CommuneCoverage.objects.filter(commune_id__in=removed[start : start + WRITE_BATCH]).delete()
    CommuneCoverage.objects.bulk_create(created + changed, batch_size=WRITE_BATCH)
    return len(created) + len(changed) + len(gone)


def _state() -> CoverageState:
    state, _created = CoverageState.objects.get_or_create(pk=STATE_PK)
    return state


def recompute() -> int:
    """Compute and store every commune's distances now; returns the rows written."""
    started = time.perf_counter()
    asked_at = timezone.now()
    written = store(compute())
    CoverageState.objects.update_or_create(
        pk=STATE_PK,
        defaults={
            "computed_at": asked_at,
            "venues": Venue.objects.qualified().count(),
            "seconds": time.perf_counter() - started,
        },
    )
    return written


def recompute_if_requested() -> int | None:
    """The background task's work: recompute if a change came since the last computation
    (None otherwise), so that a task queued twice computes once."""
    state = _state()
    # Changes arriving from now on queue a computation of their own.
    CoverageState.objects.filter(pk=STATE_PK).update(queued=False)
    if state.computed_at is not None and (
        state.requested_at is None or state.requested_at <= state.computed_at
    ):
        return None
    return recompute()


def schedule_recompute() -> None:
    """Ask for coverage to be recomputed once the current transaction commits: one task for
    any number of changes until the worker starts on it."""

    def request() -> None:
        from directory.tasks import recompute_coverage

        _state()
        first = CoverageState.objects.filter(pk=STATE_PK, queued=False).update(
            queued=True, requested_at=timezone.now()
        )
        if not first:
            CoverageState.objects.filter(pk=STATE_PK).update(requested_at=timezone.now())
            return
        recompute_coverage.enqueue()

    transaction.on_commit(request)


def computed_at():
    """When coverage was last computed (None: never), for the pages to say and cache by."""
    state = CoverageState.objects.filter(pk=STATE_PK).values_list("computed_at", flat=True)
    return state.first()
