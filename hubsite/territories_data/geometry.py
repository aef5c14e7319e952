"""Boundary geometry for the shipped files: simplified rings, boxes, position counts."""

import math
from collections.abc import Sequence
from itertools import pairwise

from hubsite.geometry import douglas_peucker_indices


def _ring_area(ring: Sequence[Sequence[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"Unsupported geometry type {geometry['type']!r}")


def simplify_ring(ring: Sequence[Sequence[float]], tolerance: float, precision: int) -> list | None:
    """A closed lon/lat ring simplified and rounded, or None when it collapses (fewer than four
    positions or no area left). Longitudes are scaled by cos(latitude) so that the tolerance,
    in degrees of latitude, is about the same distance in every direction."""
    mean_lat = sum(lat for _, lat in ring) / len(ring)
    scale = math.cos(math.radians(mean_lat))
    scaled = [(lon * scale, lat) for lon, lat in ring]
    simplified = []
    for index in douglas_peucker_indices(scaled, tolerance):
        point = [round(ring[index][0], precision), round(ring[index][1], precision)]
        if not simplified or point != simplified[-1]:
            simplified.append(point)
    if simplified and simplified[0] != simplified[-1]:
        simplified.append(list(simplified[0]))
    if len(simplified) < 4 or _ring_area(simplified) == 0:
        return None
    return simplified


def simplify_geometry(geometry: dict, tolerance: float, precision: int) -> dict | None:
    """A (Multi)Polygon simplified ring by ring: a polygon whose exterior collapses is dropped
    with its holes, a collapsed hole alone. None when nothing is left."""
    polygons = []
    for polygon in _polygons(geometry):
        exterior = simplify_ring(polygon[0], tolerance, precision)
        if exterior is None:
            continue
        holes = [simplify_ring(hole, tolerance, precision) for hole in polygon[1:]]
        polygons.append([exterior, *(hole for hole in holes if hole is not None)])
    if not polygons:
        return None
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def geometry_bbox(geometry: dict) -> list[float]:
    """[min longitude, min latitude, max longitude, max latitude] of a (Multi)Polygon."""
    lons, lats = [], []
    for polygon in _polygons(geometry):
        for ring in polygon:
            lons.extend(point[0] for point in ring)
            lats.extend(point[1] for point in ring)
    return [min(lons), min(lats), max(lons), max(lats)]


def geometry_positions(geometry: dict) -> int:
    return sum(len(ring) for polygon in _polygons(geometry) for ring in polygon)
