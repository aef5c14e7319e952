"""Places on the map of France, drawn as inline SVG on the server (``hubsite.maps``' outlines
and projection): where a solution runs, for instance. No JavaScript, no tiles; the page lists
the same places beside the map, which is only a picture of that list.

The outlines (every département, overseas in insets) and each frame's projection are drawn
once and cached like the other maps; each call only adds its points.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hubsite.map_geometry import Frame, bounds, label_point
from hubsite.maps import (
    BORDER,
    CACHE_TIMEOUT,
    FRANCE_TOLERANCE,
    FRANCE_WIDTH,
    HUB_COLOURS,
    INSET_FRAME,
    INSET_GAP,
    INSET_LABEL_HEIGHT,
    INSET_SIZE,
    OTHER_FILL,
    PADDING,
    TEXT_COLOUR,
    _cache_key,
)

POINT_RADIUS = 6
POINT_COLOUR = HUB_COLOURS[1]


@dataclass(frozen=True)
class MapPoint:
    """A place to mark: its position, or its département's middle when it has none."""

    departement_code: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class _Layout:
    markup: str  # the outlines
    width: int
    height: int
    metropolitan: Frame | None
    insets: dict  # overseas code -> Frame
    middles: dict  # code -> (lon, lat) where a point without a position goes


def _layout() -> _Layout:
    key = _cache_key("points-base", 1)
    layout = cache.get(key)
    if layout is None:
        layout = _draw_layout()
        cache.set(key, layout, CACHE_TIMEOUT)
    return layout


def _draw_layout() -> _Layout:
    from hubsite.models import Departement

    departements = [
        d
        for d in Departement.objects.only("code", "name", "boundary").order_by("code")
        if d.boundary
    ]
    metropolitan = [d for d in departements if not d.is_overseas]
    overseas = [d for d in departements if d.is_overseas]
    extent = bounds(d.boundary for d in metropolitan) or (-5.2, 41.3, 9.6, 51.1)
    k = math.cos(math.radians((extent[1] + extent[3]) / 2))
    metro_height = round(FRANCE_WIDTH * (extent[3] - extent[1]) / ((extent[2] - extent[0]) * k))
    metro = Frame((PADDING, PADDING, FRANCE_WIDTH, metro_height), extent)
    paths = [metro.path((d.boundary for d in metropolitan), FRANCE_TOLERANCE)]
    insets, frames = [], {}
    top = PADDING + metro_height + INSET_GAP
    columns = max(1, (FRANCE_WIDTH + INSET_GAP) // (INSET_SIZE + INSET_GAP))
    for index, departement in enumerate(overseas):
        row, column = divmod(index, columns)
        x = PADDING + column * (INSET_SIZE + INSET_GAP)
        y = top + row * (INSET_SIZE + INSET_LABEL_HEIGHT + INSET_GAP)
        frame = Frame(
            (x + 4, y + 4, INSET_SIZE - 8, INSET_SIZE - 8), bounds([departement.boundary])
        )
        frames[departement.code] = frame
        paths.append(frame.path([departement.boundary], FRANCE_TOLERANCE))
        insets.append(
            f'<rect x="{x}" y="{y}" width="{INSET_SIZE}" height="{INSET_SIZE}" fill="none" '
            f'stroke="{INSET_FRAME}"/>'
            f'<text x="{x + INSET_SIZE / 2:g}" y="{y + INSET_SIZE + 19}" text-anchor="middle" '
            f'font-size="16" fill="{TEXT_COLOUR}">{escape(departement.name)}</text>'
        )
    rows = math.ceil(len(overseas) / columns) if overseas else 0
    height = top + rows * (INSET_SIZE + INSET_LABEL_HEIGHT + INSET_GAP) if rows else top
    markup = (
        f'<path d="{"".join(paths)}" fill="{OTHER_FILL}" stroke="{BORDER}" stroke-width="0.6" '
        f'stroke-linejoin="round" fill-rule="evenodd"/>{"".join(insets)}'
    )
    middles = {d.code: point for d in departements if (point := label_point(d.boundary))}
    return _Layout(
        markup=markup,
        width=FRANCE_WIDTH + 2 * PADDING,
        height=height,
        metropolitan=metro if metropolitan else None,
        insets=frames,
        middles=middles,
    )


def france_points_map(points: Sequence[MapPoint], *, title: str) -> SafeString:
    """Inline SVG of France with a dot at each of ``points``; empty without any outline."""
    layout = _layout()
    if layout.metropolitan is None and not layout.insets:
        return mark_safe("")
    dots = []
    for point in points:
        frame = layout.insets.get(point.departement_code, layout.metropolitan)
        if frame is None:
            continue
        if point.latitude is not None and point.longitude is not None:
            lon, lat = point.longitude, point.latitude
        elif point.departement_code in layout.middles:
            lon, lat = layout.middles[point.departement_code]
        else:
            continue
        x, y = frame.project(lon, lat)
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{POINT_RADIUS}"/>')
    return mark_safe(  # built from escaped names and numbers only
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width} {layout.height}" '
        f'class="map map--points" role="img" aria-label="{escape(title)}">'
        f'<g aria-hidden="true">{layout.markup}</g>'
        f'<g fill="{POINT_COLOUR}" stroke="#ffffff" stroke-width="2">{"".join(dots)}</g></svg>'
    )
