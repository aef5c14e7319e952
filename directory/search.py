"""Where the person is looking from, and the venues nearest to that point.

``resolve_place`` reads a commune name, a postcode or an address with the project's own commune
data (an outside geocoder is used only when ``settings.GEOCODER_URL`` is set). ``nearest``
answers "the N nearest venues" in a time that depends on the venues around the point, not on
how many there are in France: it reads the grid cells around the point (``directory.spatial``),
widening the window until the N-th candidate lies within the radius the window guarantees.
"""

import json
import logging
import math
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, F, FloatField, Func, Q, When

from directory.models import Venue, VenueQuerySet
from directory.spatial import cell_ranges
from hubsite.models import Commune
from hubsite.models.territories import EARTH_RADIUS_KM, distance_km
from hubsite.text import normalize_name

logger = logging.getLogger(__name__)

KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
MAX_QUERY_LENGTH = 200
MAX_ALTERNATIVES = 6
# The search radius: from 5 km (a town) up to 250 km (the sparsest areas, or the sea).
FIRST_RADIUS_KM = 5.0
MAX_RADIUS_KM = 250.0

_POSTCODE_RE = re.compile(r"(?<![\dA-Za-z])(\d{5}|2[AaBb]\d{3})(?![\dA-Za-z])")
_MAX_NAME_WORDS = 6


# --- Resolving the search box --------------------------------------------------------------


@dataclass
class Place:
    """The point a search is made from, and how it was read."""

    label: str
    latitude: float
    longitude: float
    commune: Commune | None = None
    alternatives: list[Commune] = field(default_factory=list)
    is_position: bool = False  # from the browser's position, not from the search box


def _located(queryset):
    return queryset.filter(latitude__isnull=False, longitude__isnull=False).select_related(
        "departement"
    )


def _commune_place(commune: Commune, alternatives) -> Place:
    return Place(
        label=f"{commune.name} ({commune.departement_id})",
        latitude=commune.latitude,
        longitude=commune.longitude,
        commune=commune,
        alternatives=[c for c in alternatives if c.pk != commune.pk][:MAX_ALTERNATIVES],
    )


def _best(communes: list[Commune], name: str = "") -> list[Commune]:
    """Exact name matches first, then those starting with ``name``, then the rest; the most
    populous first within each."""
    wanted = normalize_name(name)

    def rank(commune):
        exact = bool(wanted) and commune.search_name == wanted
        prefix = bool(wanted) and commune.search_name.startswith(wanted)
        return (not exact, not prefix, -(commune.population or 0), commune.name)

    return sorted(communes, key=rank)


def _by_postcode(code: str, name: str) -> tuple[list[Commune], bool]:
    """The communes of ``code`` (a postcode, or an INSEE code), those named like ``name``
    first; and whether ``name`` matched one of them."""
    communes = list(_located(Commune.objects.with_code(code))[:200])
    ranked = _best(communes, name)
    wanted = normalize_name(name)
    named = bool(wanted) and bool(ranked) and ranked[0].search_name.startswith(wanted)
    return ranked, named


def _by_name(text: str) -> tuple[list[Commune], bool]:
    """Communes named by ``text`` or by its last words (the commune ends a French address);
    and whether the whole text was the name."""
    normalized = normalize_name(text)
    if not normalized:
        return [], False
    words = normalized.split()
    suffixes = [" ".join(words[-n:]) for n in range(1, min(len(words), _MAX_NAME_WORDS) + 1)]
    exact = Case(When(search_name__in=[normalized, *suffixes], then=0), default=1)
    candidates = list(
        _located(
            Commune.objects.name_starts_with(normalized)
            | Commune.objects.filter(search_name__in=suffixes)
        )
        .annotate(exact=exact)
        .order_by("exact", F("population").desc(nulls_last=True), "name")[:50]
    )
    whole = [c for c in candidates if c.search_name.startswith(normalized)]
    if whole:
        return _best(whole, normalized), True
    # The longest run of final words that names a commune: "… rue de la Paix saint denis".
    for suffix in reversed(suffixes):
        named = [c for c in candidates if c.search_name == suffix]
        if named:
            return _best(named, suffix), False
    return [], False


def resolve_place(query: str) -> Place | None:
    """The commune that a search box text designates: a postcode (with or without a name), a
    commune name, or an address ending with them. None when nothing matches."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return None
    match = _POSTCODE_RE.search(query)
    partial = False
    if match:
        before, after = query[: match.start()].strip(" ,"), query[match.end() :].strip(" ,")
        communes, named = _by_postcode(match.group(1), after)
        partial = bool(before) or (bool(after) and not named)
    else:
        communes, whole = _by_name(query)
        partial = not whole
    place = _commune_place(communes[0], communes) if communes else None
    if (partial or place is None) and settings.GEOCODER_URL:
        remote = geocode_remote(query)
        if remote is not None:
            if place is not None:
                remote.commune = place.commune
            return remote
    return place


def commune_place(insee_code: str) -> Place | None:
    """The place of a commune chosen among the alternatives of an ambiguous search."""
    commune = _located(Commune.objects.filter(insee_code=insee_code.strip().upper())).first()
    return _commune_place(commune, []) if commune else None


def position_place(latitude: float, longitude: float) -> Place:
    from django.utils.translation import gettext as _

    return Place(
        label=_("Autour de votre position"),
        latitude=latitude,
        longitude=longitude,
        is_position=True,
    )


def geocode_remote(query: str) -> Place | None:
    """Ask the outside geocoder of ``settings.GEOCODER_URL`` (the national address API's
    ``/search/`` or one speaking its GeoJSON). Never raises: None on any failure."""
    base = settings.GEOCODER_URL
    if not base:
        return None
    url = f"{base}{'&' if '?' in base else '?'}{urllib.parse.urlencode({'q': query, 'limit': 1})}"
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            data = json.load(response)
        feature = data["features"][0]
        longitude, latitude = (float(v) for v in feature["geometry"]["coordinates"][:2])
        label = str(feature.get("properties", {}).get("label") or query)
    except Exception:  # an outside service: any failure means "not found"
        logger.warning("Geocoder failed for %r", query, exc_info=True)
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return Place(label=label, latitude=latitude, longitude=longitude)


# --- Nearest first -------------------------------------------------------------------------


class FlatDistance(Func):
    """Squared flat-earth distance to a point, in degrees, as one SQL expression: cheap to
    compute for the candidates of a window, and cheap for the ORM to build (numbers are
    written in the SQL, the point being validated floats)."""

    output_field = FloatField()

    def __init__(self, latitude: float, longitude: float):
        super().__init__(F("latitude"), F("longitude"))
        self.point = (float(latitude), float(longitude), math.cos(math.radians(latitude)))

    def as_sql(self, compiler, connection, **extra_context):
        lat, lat_params = compiler.compile(self.source_expressions[0])
        lon, lon_params = compiler.compile(self.source_expressions[1])
        lat0, lon0, scale = (repr(value) for value in self.point)
        dy = f"({lat} - {lat0})"
        dx = f"(({lon} - {lon0}) * {scale})"
        return f"({dy} * {dy} + {dx} * {dx})", [*lat_params, *lat_params, *lon_params, *lon_params]


def _window(latitude: float, longitude: float, radius_km: float) -> Q:
    """Every place within ``radius_km`` of the point: the box bounding that circle on the
    sphere, as indexed grid cells plus the box itself (the database sorts only what is in
    the box)."""
    dlat = radius_km / KM_PER_DEGREE
    south, north = max(-90.0, latitude - dlat), min(90.0, latitude + dlat)
    ratio = math.sin(radius_km / EARTH_RADIUS_KM) / max(1e-9, math.cos(math.radians(latitude)))
    if max(abs(south), abs(north)) >= 89.9 or ratio >= 1:
        return Q(cell_ranges(south, -180.0, north, 180.0), latitude__range=(south, north))
    dlon = math.degrees(math.asin(ratio))
    west, east = longitude - dlon, longitude + dlon
    condition = Q(latitude__range=(south, north))
    if west < -180 or east > 180:  # across the antimeridian
        west, east = (west + 360) if west < -180 else west, (east - 360) if east > 180 else east
        longitudes = Q(longitude__gte=west) | Q(longitude__lte=east)
    else:
        longitudes = Q(longitude__range=(west, east))
    return Q(cell_ranges(south, west, north, east)) & condition & longitudes


@dataclass
class Nearby:
    pk: int
    distance_km: float


def nearest_ids(
    queryset: VenueQuerySet,
    latitude: float,
    longitude: float,
    *,
    limit: int,
) -> list[Nearby]:
    """The ``limit`` venues of ``queryset`` nearest to the point, nearest first (fewer when
    there are fewer within about 250 km).

    Phase one widens a window around the point (a radius, read through the grid cells that
    cover it) until it holds ``limit`` venues, guessing the width from the density met so
    far; phase two widens it once more, to the distance of the ``limit``-th venue, if that
    venue lies beyond the radius searched. Usually one to three indexed queries, whatever
    the number of venues in France.
    """
    if limit <= 0:
        return []
    # The database picks candidates by flat-earth distance, Python then measures them
    # exactly. The margin covers where the two orders could differ.
    fetch = limit + 10 + limit // 4
    flat = FlatDistance(latitude, longitude)

    def candidates(radius: float) -> list[Nearby]:
        window = queryset.filter(_window(latitude, longitude, radius))
        rows = (
            window.annotate(flat_distance=flat)
            .order_by("flat_distance", "pk")
            .values_list("pk", "latitude", "longitude")[:fetch]
        )
        return sorted(
            (Nearby(pk, distance_km(latitude, longitude, lat, lon)) for pk, lat, lon in rows),
            key=lambda n: (n.distance_km, n.pk),
        )

    radius = FIRST_RADIUS_KM
    found = candidates(radius)
    while len(found) < limit and radius < MAX_RADIUS_KM:
        # Too few: widen in proportion to the missing share, at least doubling.
        growth = max(2.0, 1.5 * math.sqrt(limit / max(len(found), 1)))
        radius = min(MAX_RADIUS_KM, radius * growth)
        found = candidates(radius)
    if len(found) >= limit and found[limit - 1].distance_km > radius:
        # The window holds enough venues but the last may have nearer rivals just outside:
        # widen to its distance, inside which every venue is then seen.
        radius = found[limit - 1].distance_km * 1.000001
        found = candidates(radius)
    return found[:limit]


def nearest(
    queryset: VenueQuerySet,
    latitude: float,
    longitude: float,
    *,
    limit: int,
    offset: int = 0,
) -> list[Venue]:
    """Venues nearest first, each with a ``distance_km`` attribute; ``offset`` skips the first
    ones (pagination)."""
    hits = nearest_ids(queryset, latitude, longitude, limit=offset + limit)[offset:]
    venues = Venue.objects.in_bulk([hit.pk for hit in hits])
    result = []
    for hit in hits:
        venue = venues[hit.pk]
        venue.distance_km = hit.distance_km
        result.append(venue)
    return result
