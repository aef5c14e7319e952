"""The public JSON API of the directory (English, read-only): GeoJSON for a map view, and the
venues nearest a point. Both take the finder's filters (see ``directory.filters``)."""

import math

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from directory import clustering, search
from directory.filters import FinderFilterSet
from directory.models import Venue
from directory.opening_hours import local_time
from directory.spatial import MAX_ZOOM, MIN_ZOOM, BBox

MAX_NEAREST = 50
DEFAULT_NEAREST = 10


class BadRequest(ValueError):
    pass


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": str(message)}, status=status)


def _filterset(request) -> FinderFilterSet:
    filterset = FinderFilterSet(request.GET, queryset=Venue.objects.qualified(), now=timezone.now())
    if not filterset.form.is_valid():
        details = "; ".join(
            f"{name}: {' '.join(str(e) for e in errors)}"
            for name, errors in filterset.form.errors.items()
        )
        raise BadRequest(f"Invalid filter: {details}")
    return filterset


def _number(request, name: str, *, low: float, high: float, default=None) -> float:
    raw = request.GET.get(name)
    if raw in (None, ""):
        if default is None:
            raise BadRequest(f"Parameter {name} is required.")
        return default
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"Parameter {name} must be a number.") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise BadRequest(f"Parameter {name} must be between {low:g} and {high:g}.")
    return value


def _cached(response: JsonResponse, seconds: int = 60) -> JsonResponse:
    response["Cache-Control"] = f"public, max-age={seconds}"
    return response


@require_GET
def venues_geojson(request):
    """GET /api/venues.geojson?bbox=west,south,east,north&zoom=Z[&filters]"""
    try:
        try:
            bbox = BBox.parse(request.GET.get("bbox", ""))
        except ValueError as error:
            raise BadRequest(f"Invalid bbox: {error}") from None
        zoom = int(_number(request, "zoom", low=MIN_ZOOM, high=MAX_ZOOM, default=8))
        filterset = _filterset(request)
    except BadRequest as error:
        return _error(error)
    hours = filterset.hours
    # "Open now" holds for the minute it is asked: such views are shared within that minute.
    minute = local_time(hours.open_at).strftime("%Y-%m-%dT%H:%M") if hours.open_at else None
    filters = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in {"bbox", "zoom"}
        for value in values
    )
    data = clustering.map_data(
        filterset.qs,
        bbox,
        zoom,
        variant=repr((filters, minute)),
        unfiltered=not any(filterset.cleaned().values()),
        live=minute is not None,
    )
    return _cached(JsonResponse(data))


@require_GET
def venues_nearest(request):
    """GET /api/venues/nearest?lat=&lon=[&limit=][&filters]"""
    try:
        latitude = _number(request, "lat", low=-90, high=90)
        longitude = _number(request, "lon", low=-180, high=180)
        limit = _number(request, "limit", low=1, high=10**6, default=DEFAULT_NEAREST)
        if limit != int(limit):
            raise BadRequest("Parameter limit must be an integer.")
        limit = min(limit, MAX_NEAREST)
        filterset = _filterset(request)
    except BadRequest as error:
        return _error(error)
    venues = search.nearest(filterset.qs, latitude, longitude, limit=int(limit))
    results = [
        {
            "id": venue.pk,
            "name": venue.name,
            "distance_km": round(venue.distance_km, 3),
            "latitude": venue.latitude,
            "longitude": venue.longitude,
            "position_is_approximate": venue.position_is_approximate,
            "address": venue.address,
            "postcode": venue.postcode,
            "commune": venue.commune_name,
            "insee_code": venue.insee_code,
            "services": venue.services,
            "free": venue.is_free,
            "accepts_pass_numerique": venue.accepts_pass_numerique,
            "opening_hours": venue.opening_hours,
            "phone": venue.phone,
            "url": request.build_absolute_uri(venue.get_absolute_url()),
        }
        for venue in venues
    ]
    return _cached(
        JsonResponse(
            {
                "latitude": latitude,
                "longitude": longitude,
                "count": len(results),
                "results": results,
            }
        )
    )
