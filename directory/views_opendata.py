"""Open data: the qualified venues in the national standard, and the page that explains them.

The exports are streamed from a database iterator, so 100,000 venues never sit in memory.
"""

from django.db.models import Count, Max
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from directory import standard
from directory.models import Venue

FILENAME = "lieux-mediation-numerique"
CACHE_SECONDS = 600


def published_venues():
    return Venue.objects.open_data().order_by("pk")


def duplicated_ids(queryset) -> frozenset[str]:
    """Ids that two sources share: the export prefixes them so that ``id`` stays unique."""
    return frozenset(
        queryset.order_by()
        .values("source_id")
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
        .values_list("source_id", flat=True)
    )


def _stream(chunks, *, content_type: str, extension: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}.{extension}"'
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    # Open data: any site may fetch it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def opendata_page(request):
    venues = Venue.objects.open_data()
    figures = venues.aggregate(count=Count("pk"), last_modified=Max("modified_at"))
    return render(request, "directory/opendata.html", figures)


@require_safe
def venues_csv(request):
    venues = published_venues()
    chunks = standard.csv_lines(venues.iterator(chunk_size=2000), duplicated_ids(venues))
    return _stream(chunks, content_type="text/csv; charset=utf-8", extension="csv")


@require_safe
def venues_json(request):
    venues = published_venues()
    chunks = standard.json_chunks(venues.iterator(chunk_size=2000), duplicated_ids(venues))
    return _stream(chunks, content_type="application/json; charset=utf-8", extension="json")


@require_safe
def schema_json(request):
    response = FileResponse(
        standard.SCHEMA_PATH.open("rb"), content_type="application/json; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=86400"
    response["Access-Control-Allow-Origin"] = "*"
    return response
