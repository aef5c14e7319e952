from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.response import TemplateResponse
from wagtail.models import Page

from hubsite.text import unaccent

RESULTS_PER_PAGE = 10


def search(request):
    """Site-wide search; the query is unaccented so that accents typed or not both match."""
    query = request.GET.get("q", "").strip()[:200]
    page_obj = None
    if query:
        results = Page.objects.live().public().specific().search(unaccent(query))
        page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "hubsite/search.html", {"query": query, "page_obj": page_obj}
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors beyond the bare minimum: the database may be what failed.
    return render(request, "500.html", status=500)
