"""Open data: the published catalogue as CSV and JSON, its Table Schema, and the page that
explains them."""

from django.db.models import Count, Max
from django.http import FileResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from hubsite.exports import CSV_CONTENT_TYPE, csv_lines
from projects import opendata

FILENAME = "catalogue-solutions-inclusion-numerique"
CACHE_SECONDS = 600


def _open(response, *, max_age: int = CACHE_SECONDS):
    response["Cache-Control"] = f"public, max-age={max_age}"
    # Open data: any site may fetch it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _stream(chunks, *, content_type: str, extension: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}.{extension}"'
    return _open(response)


@require_safe
def opendata_page(request):
    figures = opendata.open_solutions().aggregate(
        count=Count("pk"), last_modified=Max("last_published_at")
    )
    context = {
        **figures,
        "fields": opendata.load_schema()["fields"],
        "licence_name": opendata.LICENCE_NAME,
        "licence_url": opendata.LICENCE_URL,
    }
    return TemplateResponse(request, "projects/opendata.html", context)


@require_safe
def solutions_csv(request):
    # Every text cell defused: a description starting with "=" stays text in a spreadsheet.
    return _stream(csv_lines(opendata.csv_rows()), content_type=CSV_CONTENT_TYPE, extension="csv")


@require_safe
def solutions_json(request):
    return _stream(
        opendata.json_chunks(), content_type="application/json; charset=utf-8", extension="json"
    )


@require_safe
def schema_json(request):
    response = FileResponse(
        opendata.SCHEMA_PATH.open("rb"), content_type="application/json; charset=utf-8"
    )
    return _open(response, max_age=86400)
