"""Plane geometry shared by the territory build and the drawn maps: one Douglas-Peucker."""

import math
from collections.abc import Sequence


def _segment_distance(point, start, end) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length_sq = dx * dx + dy * dy
    if length_sq == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length_sq))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker_indices(points: Sequence[Sequence[float]], tolerance: float) -> list[int]:
    """Indices of the points Douglas-Peucker keeps: both ends, and every point needed so that
    no dropped point lies farther than ``tolerance`` from the simplified line."""
    if len(points) < 3:
        return list(range(len(points)))
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = first, -1.0
        for index in range(first + 1, last):
            d = _segment_distance(points[index], points[first], points[last])
            if d > distance:
                farthest, distance = index, d
        if distance > tolerance:
            keep.add(farthest)
            stack.append((first, farthest))
            stack.append((farthest, last))
    return sorted(keep)


def simplify_line(points: Sequence[Sequence[float]], tolerance: float) -> list:
    """The line ``points`` simplified by Douglas-Peucker (planar, in the points' own units)."""
    return [points[i] for i in douglas_peucker_indices(points, tolerance)]
