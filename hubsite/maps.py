"""Maps of the hubs' territories drawn as inline SVG on the server: no JavaScript, no tiles.

Boundaries are GeoJSON (lon/lat) stored on ``Departement.boundary``; ``hubsite.map_geometry``
projects them into the drawing's boxes, this module draws and caches the SVG.

The markup is cached: the key is derived from what the map shows (hubs, their URLs and their
départements), so that a change of hubs yields a new map without any explicit invalidation.
Boundaries themselves only change when territories are reloaded, which calls ``invalidate``.
"""

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# polygons and simplify stay importable from here (tests use them).
from hubsite.map_geometry import Frame, bounds, label_point, polygons, simplify  # noqa: F401

CACHE_TIMEOUT = 24 * 60 * 60
_VERSION_KEY = "maillage:maps:version"

# Hub fills: each has a contrast ratio of at least 3:1 against the white page and against the
# grey of départements outside any hub (WCAG 1.4.11), and of at least 4.5:1 against white text.
HUB_COLOURS = (
    "#1d4f91",
    "#a3222f",
    "#2c6e2f",
    "#6e2d82",
    "#9a4a00",
    "#00686b",
    "#a8185e",
    "#4a4f9e",
    "#6b6200",
    "#5c4033",
)
OTHER_FILL = "#e3e3e3"
BORDER = "#ffffff"
INSET_FRAME = "#767676"
TEXT_COLOUR = "#1e1e1e"

FRANCE_WIDTH = 600
INSET_SIZE = 104
INSET_GAP = 10
INSET_LABEL_HEIGHT = 26
HUB_MAP_WIDTH = 480
HUB_MAP_HEIGHT = 400
PADDING = 8
# Simplification tolerances, in drawing units.
FRANCE_TOLERANCE = 0.8
HUB_TOLERANCE = 0.6
CONTEXT_TOLERANCE = 1.2
# A hub wider than this (in degrees) is drawn as one panel per département (overseas).
SPREAD_DEGREES = 8
LABEL_SIZE = 15


def invalidate() -> None:
    """Forget every cached map, e.g. after the départements' boundaries were reloaded."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


def _cache_key(kind: str, state) -> str:
    version = cache.get(_VERSION_KEY, 1)
    digest = hashlib.sha256(repr(state).encode()).hexdigest()[:32]
    return f"maillage:maps:{kind}:{version}:{digest}"


def hub_colour(index: int) -> str:
    return HUB_COLOURS[index % len(HUB_COLOURS)]


# -- the national map ---------------------------------------------------------------------


@dataclass(frozen=True)
class HubArea:
    """What the national map needs to know about a hub."""

    pk: int
    name: str
    url: str
    codes: tuple[str, ...]
    colour: str


def hub_areas(hubs: Sequence, request=None) -> list[HubArea]:
    """Hubs (with ``page`` and ``departements`` fetched) as map areas, coloured in order."""
    ordered = sorted(hubs, key=lambda hub: hub.pk)
    return [
        HubArea(
            pk=hub.pk,
            name=hub.name,
            url=hub.page.get_url(request) if getattr(hub, "page", None) else "",
            codes=tuple(sorted(d.code for d in hub.departements.all())),
            colour=hub_colour(index),
        )
        for index, hub in enumerate(ordered)
    ]


def france_map(areas: Sequence[HubArea]) -> SafeString:
    """Inline SVG of France: hubs' départements filled and linked, insets for overseas."""
    state = [(a.pk, a.name, a.url, a.codes, a.colour) for a in areas]
    key = _cache_key("france", state)
    markup = cache.get(key)
    if markup is None:
        markup = _draw_france(areas)
        cache.set(key, markup, CACHE_TIMEOUT)
    return mark_safe(markup)  # built from escaped names and numbers only


def _draw_france(areas: Sequence[HubArea]) -> str:
    from hubsite.models import Departement

    departements = list(Departement.objects.only("code", "name", "boundary").order_by("code"))
    metropolitan = [d for d in departements if not d.is_overseas and d.boundary]
    overseas = [d for d in departements if d.is_overseas and d.boundary]
    hub_of = {code: area for area in areas for code in area.codes}

    extent = bounds(d.boundary for d in metropolitan) or (-5.2, 41.3, 9.6, 51.1)
    k = math.cos(math.radians((extent[1] + extent[3]) / 2))
    metro_height = round(FRANCE_WIDTH * (extent[3] - extent[1]) / ((extent[2] - extent[0]) * k))
    metro = Frame((PADDING, PADDING, FRANCE_WIDTH, metro_height), extent)
    geometries_of: dict[object, list[dict]] = {None: []}
    for departement in metropolitan:
        area = hub_of.get(departement.code)
        geometries_of.setdefault(area, []).append(departement.boundary)
    paths_of: dict[object, list[str]] = {
        area: [metro.path(g, FRANCE_TOLERANCE)] for area, g in geometries_of.items()
    }

    insets = []
    top = PADDING + metro_height + INSET_GAP
    columns = max(1, (FRANCE_WIDTH + INSET_GAP) // (INSET_SIZE + INSET_GAP))
    for index, departement in enumerate(overseas):
        row, column = divmod(index, columns)
        x = PADDING + column * (INSET_SIZE + INSET_GAP)
        y = top + row * (INSET_SIZE + INSET_LABEL_HEIGHT + INSET_GAP)
        frame = Frame(
            (x + 4, y + 4, INSET_SIZE - 8, INSET_SIZE - 8),
            bounds([departement.boundary]),
        )
        area = hub_of.get(departement.code)
        paths_of.setdefault(area, []).append(frame.path([departement.boundary], FRANCE_TOLERANCE))
        insets.append(
            f'<rect x="{x}" y="{y}" width="{INSET_SIZE}" height="{INSET_SIZE}" fill="none" '
            f'stroke="{INSET_FRAME}"/>'
            f'<text x="{x + INSET_SIZE / 2:g}" y="{y + INSET_SIZE + 19}" text-anchor="middle" '
            f'font-size="16" fill="{TEXT_COLOUR}">{escape(departement.name)}</text>'
        )
    rows = math.ceil(len(overseas) / columns) if overseas else 0
    height = top + rows * (INSET_SIZE + INSET_LABEL_HEIGHT + INSET_GAP) if rows else top
    width = FRANCE_WIDTH + 2 * PADDING

    title = _("Carte de France des territoires couverts par les hubs")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="map map--france" role="group" aria-labelledby="carte-hubs-titre">'
        f'<title id="carte-hubs-titre">{escape(title)}</title>',
        f'<g aria-hidden="true" fill="{OTHER_FILL}" stroke="{BORDER}" stroke-width="0.6" '
        f'stroke-linejoin="round" fill-rule="evenodd">',
        *(f'<path d="{d}"/>' for d in paths_of.get(None, []) if d),
        *insets,
        "</g>",
    ]
    for area in areas:
        d = "".join(paths_of.get(area, []))
        if not d:
            continue
        name = escape(area.name)
        parts.append(
            f'<a href="{escape(area.url)}" class="map-hub" aria-label="{name}">'
            f"<title>{name}</title>"
            f'<path d="{d}" fill="{area.colour}" stroke="{BORDER}" stroke-width="0.6" '
            f'stroke-linejoin="round" fill-rule="evenodd"/></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


# -- a hub's map --------------------------------------------------------------------------


def hub_map(hub, departements: Sequence) -> SafeString:
    """Inline SVG of ``hub``'s départements, fitted to the drawing and named."""
    state = (hub.pk, hub.name, tuple((d.code, d.name) for d in departements))
    key = _cache_key("hub", state)
    markup = cache.get(key)
    if markup is None:
        markup = _draw_hub(hub, [d.code for d in departements])
        cache.set(key, markup, CACHE_TIMEOUT)
    return mark_safe(markup)  # built from escaped names and numbers only


def _draw_hub(hub, codes: Sequence[str]) -> str:
    from hubsite.models import Departement

    own = list(Departement.objects.filter(code__in=codes).only("code", "name", "boundary"))
    own = [d for d in own if d.boundary]
    names = ", ".join(d.name for d in sorted(own, key=lambda d: d.code))
    title = _("Carte du territoire du hub %(hub)s : %(departements)s") % {
        "hub": hub.name,
        "departements": names,
    }
    extent = bounds(d.boundary for d in own)
    if extent is None:
        return ""
    # Overseas hubs span oceans: each of their départements gets a panel of its own.
    spread = extent[2] - extent[0] > SPREAD_DEGREES or extent[3] - extent[1] > SPREAD_DEGREES
    panels = _panels(own) if spread else [(own, extent, (0, 0, HUB_MAP_WIDTH, HUB_MAP_HEIGHT))]

    shapes, labels, context = [], [], []
    for members, panel_extent, (x, y, width, height) in panels:
        min_lon, min_lat, max_lon, max_lat = panel_extent
        margin = max(max_lon - min_lon, max_lat - min_lat) * 0.04
        padded = (min_lon - margin, min_lat - margin, max_lon + margin, max_lat + margin)
        frame = Frame(
            (x + PADDING, y + PADDING, width - 2 * PADDING, height - 2 * PADDING),
            padded,
            precision=0,
        )
        if not spread:
            neighbours = Departement.objects.exclude(code__in=codes).filter(
                min_longitude__lte=padded[2],
                max_longitude__gte=padded[0],
                min_latitude__lte=padded[3],
                max_latitude__gte=padded[1],
            )
            context.append(
                frame.path((d.boundary for d in neighbours.only("boundary")), CONTEXT_TOLERANCE)
            )
        for departement in members:
            shapes.append(frame.path([departement.boundary], HUB_TOLERANCE))
            point = label_point(departement.boundary)
            if point:
                lx, ly = frame.project(*point)
                # Keep the whole name inside the panel (bold text is about 0.6 em per letter).
                half = min(len(departement.name) * LABEL_SIZE * 0.33 + 2, width / 2)
                lx = min(max(lx, x + half), x + width - half)
                labels.append(f'<text x="{lx:.1f}" y="{ly:.1f}">{escape(departement.name)}</text>')
    colour = HUB_COLOURS[0]
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {HUB_MAP_WIDTH} '
            f'{_panels_height(panels)}" class="map map--hub" role="img" '
            f'aria-labelledby="carte-hub-titre">'
            f'<title id="carte-hub-titre">{escape(title)}</title>',
            f'<path d="{"".join(context)}" fill="{OTHER_FILL}" stroke="{BORDER}" '
            f'stroke-width="0.8" fill-rule="evenodd"/>'
            if any(context)
            else "",
            f'<path d="{"".join(shapes)}" fill="{colour}" stroke="{BORDER}" stroke-width="1.2" '
            f'stroke-linejoin="round" fill-rule="evenodd"/>',
            f'<g class="map-labels" fill="#ffffff" stroke="{colour}" stroke-width="3" '
            f'paint-order="stroke" stroke-linejoin="round" font-size="{LABEL_SIZE}" '
            'font-weight="bold" text-anchor="middle" dominant-baseline="middle">',
            *labels,
            "</g></svg>",
        ]
    )


def _panels(departements: Sequence) -> list:
    """Side-by-side panels, one per département, for territories spread across oceans."""
    count = len(departements)
    width = HUB_MAP_WIDTH / count
    panels = []
    for index, departement in enumerate(sorted(departements, key=lambda d: d.code)):
        extent = bounds([departement.boundary])
        panels.append(([departement], extent, (index * width, 0, width, width * 1.2)))
    return panels


def _panels_height(panels) -> str:
    return f"{max(y + height for _m, _e, (_x, y, _w, height) in panels):g}"
