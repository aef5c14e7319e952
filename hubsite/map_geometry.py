"""The maps' projection and geometry: GeoJSON rings projected into SVG boxes as path data.

An equirectangular projection whose x axis is scaled by the cosine of the mean latitude, which
is faithful enough at the scale of a département or of metropolitan France.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from hubsite.geometry import simplify_line


def polygons(geometry: dict | None) -> list[list[list[Sequence[float]]]]:
    """The polygons (each a list of rings) of a GeoJSON Polygon or MultiPolygon."""
    if not geometry:
        return []
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coordinates]
    if kind == "MultiPolygon":
        return list(coordinates)
    return []


def bounds(geometries: Iterable[dict | None]) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) of the outer rings of ``geometries``."""
    lons, lats = [], []
    for geometry in geometries:
        for polygon in polygons(geometry):
            if polygon:
                lons.extend(point[0] for point in polygon[0])
                lats.extend(point[1] for point in polygon[0])
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


@dataclass
class Frame:
    """Projects lon/lat into a box of the SVG, keeping the shape's proportions."""

    box: tuple[float, float, float, float]  # x, y, width, height in SVG units
    extent: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    precision: int = 0
    k: float = field(init=False)
    scale: float = field(init=False)
    dx: float = field(init=False)
    dy: float = field(init=False)

    def __post_init__(self):
        x, y, width, height = self.box
        min_lon, min_lat, max_lon, max_lat = self.extent
        self.k = math.cos(math.radians((min_lat + max_lat) / 2))
        span_x = max((max_lon - min_lon) * self.k, 1e-9)
        span_y = max(max_lat - min_lat, 1e-9)
        self.scale = min(width / span_x, height / span_y)
        self.dx = x + (width - span_x * self.scale) / 2
        self.dy = y + (height - span_y * self.scale) / 2

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        min_lon, _min_lat, _max_lon, max_lat = self.extent
        return (
            self.dx + (lon - min_lon) * self.k * self.scale,
            self.dy + (max_lat - lat) * self.scale,
        )

    def _round(self, value: float) -> float | int:
        return round(value) if self.precision == 0 else round(value, self.precision)

    def path(self, geometries: Iterable[dict | None], tolerance: float = 0.0) -> str:
        """SVG path data for ``geometries``: relative moves between rounded points.

        Each ring is simplified (Douglas-Peucker, ``tolerance`` in drawing units) and rounded
        to the output grid: detail finer than what the drawing can show is not sent.
        """
        commands = []
        for geometry in geometries:
            for polygon in polygons(geometry):
                for ring in polygon:
                    projected = [self.project(point[0], point[1]) for point in ring]
                    if tolerance:
                        projected = simplify(projected, tolerance)
                    points = []
                    for x, y in projected:
                        point = (self._round(x), self._round(y))
                        if not points or point != points[-1]:
                            points.append(point)
                    if len(points) > 1 and points[0] == points[-1]:
                        points.pop()
                    if len(points) < 3:
                        continue
                    commands.append(_ring_path(points))
        return "".join(commands)


def _ring_path(points: list) -> str:
    parts = [f"M{_number(points[0][0])} {_number(points[0][1])}l"]
    previous = points[0]
    for index, point in enumerate(points[1:]):
        pair = _pair(point[0] - previous[0], point[1] - previous[1])
        parts.append(pair if index == 0 or pair.startswith("-") else " " + pair)
        previous = point
    parts.append("z")
    return "".join(parts)


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker: the points to keep so that none dropped is farther than ``tolerance``
    (a ring of three points or fewer is kept whole)."""
    if len(points) < 4:
        return points
    return simplify_line(points, tolerance)


def _number(value: float) -> str:
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return "0" if text in {"-0", ""} else text
    return str(value)


def _pair(dx: float, dy: float) -> str:
    second = _number(dy)
    return _number(dx) + (second if second.startswith("-") else " " + second)


def label_point(geometry: dict | None) -> tuple[float, float] | None:
    """Centroid of the largest ring: where a département's name is written."""
    best, best_area = None, 0.0
    for polygon in polygons(geometry):
        if not polygon or len(polygon[0]) < 3:
            continue
        ring = polygon[0]
        area = cx = cy = 0.0
        for (x0, y0, *_a), (x1, y1, *_b) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) > best_area and area:
            best_area = abs(area)
            best = (cx / (3 * area), cy / (3 * area))
    return best
