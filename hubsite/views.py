import sys

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.models import Page, Site

from hubsite import notifications
from hubsite.middleware import busy_response, is_lock_conflict
from hubsite.models import EventPage, Frequency, Hub
from hubsite.text import search_terms

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Site-wide search, blind to accents and to the plural: the query is unaccented and put
    in the singular, and pages index such a copy of their text (``PortalPage.search_text``).
    """
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    page_obj, results = None, []
    if query:
        pages = Page.objects.live().public()
        site = Site.find_for_request(request)
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        terms = search_terms(query)
        found = pages.specific().search(terms) if terms else pages.none()
        page_obj = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        results = _described(list(page_obj.object_list))
    return TemplateResponse(
        request,
        "hubsite/search.html",
        {"query": query, "page_obj": page_obj, "results": results},
    )


def _described(pages: list) -> list[dict]:
    """Each result with its section (the kind of page) and its hub, hubs fetched at once."""
    hub_ids = {hub_id for page in pages if (hub_id := getattr(page, "hub_id", None))}
    hubs = Hub.objects.in_bulk(hub_ids) if hub_ids else {}
    return [
        {
            "page": page,
            "section": page._meta.verbose_name,
            "hub": hubs.get(getattr(page, "hub_id", None)),
        }
        for page in pages
    ]


def event_calendar(request, path):
    """``<event URL>calendrier.ics``: the event's iCalendar file (``EventPage.ical``).

    Wagtail's page URLs cannot end with a file name, so this view routes to the event and
    serves it as ``wagtail.views.serve`` would, with the same hooks (privacy restrictions).
    """
    route = Page.route_for_request(request, path)
    if route is None or not isinstance(route[0], EventPage):
        raise Http404

    def serve_calendar(page, request, args, kwargs):
        return page.ical(request)

    chain = serve_calendar
    for hook in reversed(hooks.get_hooks("on_serve_page")):
        chain = hook(chain)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(route[0], request, [], {})
        if isinstance(result, HttpResponse):
            return result
    return chain(route[0], request, [], {})


# The signed token is the only credential, not a session: mail clients' one-click
# unsubscribe (RFC 8058) posts it without any CSRF token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """Stop one kind of notification for the person a signed link names, without login:
    GET asks for confirmation (mail scanners follow links), POST sets "never"."""
    found = notifications.read_unsubscribe_token(token)
    context = {"kind": None, "done": False}
    if found is None:
        return TemplateResponse(request, "hubsite/unsubscribe.html", context, status=404)
    user, kind = found
    if request.method == "POST":
        notifications.set_frequency(user=user, kind=kind.name, frequency=Frequency.NEVER)
        context["done"] = True
    context.update(kind=kind, preferences_url=reverse("wagtailadmin_account"))
    return TemplateResponse(request, "hubsite/unsubscribe.html", context)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page, rendered without context processors: the database may be what failed.

    A lock conflict raised outside a view (e.g. saving the session), which
    DatabaseBusyMiddleware cannot see, still gets the 503 "try again" page."""
    if is_lock_conflict(sys.exc_info()[1]):
        return busy_response(request)
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"SITE_NAME": settings.WAGTAIL_SITE_NAME}))
