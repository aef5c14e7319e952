"""The coverage map of a hub's territory, drawn on the server as inline SVG like the portal's
other maps (``hubsite.maps``): the départements' outlines, and each commune as a dot sized by
its population and coloured by its distance to the nearest qualified venue. Commune outlines
are not loaded in the project (départements only), hence dots.

Light by construction: one path per (distance class, size), each dot a zero-length line that
the stroke's round or square cap draws (``M12 34h0``). Cached per hub and computation.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from directory.coverage_figures import map_points
from hubsite.map_geometry import Frame, bounds
from hubsite.models import Departement

WIDTH, HEIGHT, PADDING = 480, 400, 8
OUTLINE_TOLERANCE = 0.8
CACHE_TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class DistanceClass:
    """A band of distances: its colour, and a shape (round within 10 km, square beyond) so
    that the legend does not rest on colour alone."""

    upto_km: float | None  # None: beyond the last band, or no venue at all
    label: str
    colour: str
    cap: str


CLASSES = (
    DistanceClass(5, _lazy("un lieu à 5 km au plus"), "#1a6b33", "round"),
    DistanceClass(10, _lazy("de 5 à 10 km"), "#6b6200", "round"),
    DistanceClass(20, _lazy("de 10 à 20 km"), "#b3261e", "square"),
    DistanceClass(None, _lazy("plus de 20 km, ou aucun lieu"), "#4a0d24", "square"),
)
# Dot diameters by population, in drawing units.
SIZES = ((500, 3), (2_000, 4), (10_000, 6), (50_000, 8), (None, 11))


def distance_class(km: float | None) -> int:
    for index, band in enumerate(CLASSES):
        if band.upto_km is not None and km is not None and km <= band.upto_km:
            return index
    return len(CLASSES) - 1


def dot_size(population: int | None) -> int:
    for upto, size in SIZES:
        if upto is None or (population or 0) < upto:
            return size
    return SIZES[-1][1]


def coverage_map(*, key: str, title: str, codes: Sequence[str]) -> SafeString:
    """The SVG (cached under ``key``) of the départements of ``codes`` and of their communes;
    boundaries and communes are read only when the map is not in the cache."""
    cache_key = "maillage:coverage-map:" + hashlib.sha256(key.encode()).hexdigest()[:32]
    markup = cache.get(cache_key)
    if markup is None:
        departements = Departement.objects.filter(code__in=codes).only("code", "boundary")
        markup = draw(title=title, departements=departements, points=map_points(codes))
        cache.set(cache_key, markup, CACHE_TIMEOUT)
    return mark_safe(markup)  # built from escaped text and numbers only


def draw(*, title: str, departements: Sequence, points: Sequence[tuple]) -> str:
    outlines = [d.boundary for d in departements if d.boundary]
    extent = bounds(outlines)
    if extent is None and points:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        extent = (min(lons), min(lats), max(lons), max(lats))
    if extent is None:
        return ""
    frame = Frame((PADDING, PADDING, WIDTH - 2 * PADDING, HEIGHT - 2 * PADDING), extent)
    groups: dict[tuple[int, int], list[str]] = {}
    for latitude, longitude, population, km in points:
        x, y = frame.project(longitude, latitude)
        groups.setdefault((distance_class(km), dot_size(population)), []).append(
            f"M{round(x)} {round(y)}h0"
        )
    description = _(
        "Chaque commune est un point, d'autant plus gros qu'elle est peuplée. Ronds : un lieu "
        "à 10 km au plus (vert jusqu'à 5 km, olive de 5 à 10 km). Carrés : pas de lieu à "
        "moins de 10 km (rouge de 10 à 20 km, bordeaux au-delà). Les chiffres sont dans le "
        "tableau qui suit la carte."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'class="map map--coverage" role="img" aria-labelledby="carte-desserte-titre '
        'carte-desserte-desc">'
        f'<title id="carte-desserte-titre">{escape(title)}</title>'
        f'<desc id="carte-desserte-desc">{escape(description)}</desc>',
        f'<path d="{frame.path(outlines, OUTLINE_TOLERANCE)}" fill="#f3f3f3" stroke="#767676" '
        'stroke-width="1" stroke-linejoin="round" fill-rule="evenodd"/>',
    ]
    # Near communes first, so that the far ones (what the map is for) are drawn on top.
    for (band, size), dots in sorted(groups.items()):
        style = CLASSES[band]
        parts.append(
            f'<path d="{"".join(dots)}" stroke="{style.colour}" stroke-width="{size}" '
            f'stroke-linecap="{style.cap}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def legend() -> list[dict]:
    """The legend's entries, each with its swatch's shape, for the template."""
    return [
        {"label": band.label, "colour": band.colour, "square": band.cap == "square"}
        for band in CLASSES
    ]
