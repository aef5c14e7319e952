"""Template tags of the portal's public pages: navigation, breadcrumb, pagination, dates."""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from wagtail.models import Page

from hubsite.models import Hub

register = template.Library()


@register.inclusion_tag("hubsite/includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The header's menu: the finder, each hub's site and the search."""
    request = context.get("request")
    hubs = Hub.objects.filter(page__live=True).select_related("page").order_by("name")
    current = context.get("page")
    current_path = getattr(current, "url_path", "") or ""
    return {
        "request": request,
        "hubs": [
            {
                "name": hub.name,
                "url": hub.page.get_url(request),
                "current": current_path.startswith(hub.page.url_path),
            }
            for hub in hubs
        ],
        "path": request.path if request else "",
    }


@register.inclusion_tag("hubsite/includes/breadcrumb.html", takes_context=True)
def breadcrumb(context, page: Page, current_label: str = ""):
    """Links from the home page down to ``page``; ``current_label`` names a sub-view of it."""
    request = context.get("request")
    items = [
        {"title": ancestor.title, "url": ancestor.get_url(request)}
        for ancestor in page.get_ancestors().filter(depth__gte=2)
    ]
    if current_label:
        items.append({"title": page.title, "url": page.get_url(request)})
        current = current_label
    else:
        current = page.title
    if items:
        items[0]["title"] = _("Accueil")
    return {"items": items, "current": current}


@register.inclusion_tag("hubsite/includes/pagination.html", takes_context=True)
def pagination(context, page_obj):
    """Accessible pagination links that keep the other query parameters (e.g. ``q``)."""
    request = context.get("request")
    query = request.GET.copy() if request else None

    def url(number: int) -> str:
        if query is None:
            return f"?page={number}"
        query["page"] = number
        return "?" + query.urlencode()

    paginator = page_obj.paginator
    pages = []
    for number in paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1):
        if number == paginator.ELLIPSIS:
            pages.append({"ellipsis": True})
        else:
            pages.append(
                {"number": number, "url": url(number), "current": number == page_obj.number}
            )
    return {
        "page_obj": page_obj,
        "pages": pages,
        "previous_url": url(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next_url": url(page_obj.next_page_number()) if page_obj.has_next() else "",
    }


def _day(moment: datetime.datetime) -> str:
    text = date_format(moment, "l j F Y")
    if moment.day == 1:
        text = text.replace(" 1 ", " 1er ", 1)
    return text


def _time(moment: datetime.datetime) -> str:
    return date_format(moment, "G \\h" if moment.minute == 0 else "G \\h i")


@register.simple_tag
def event_dates(start: datetime.datetime, end: datetime.datetime | None = None) -> str:
    """When an event takes place, in French: "mardi 4 mars 2025, de 14 h à 16 h 30"."""
    start = timezone.localtime(start)
    if end is None:
        return _("%(day)s à %(time)s") % {"day": _day(start), "time": _time(start)}
    end = timezone.localtime(end)
    if end.date() == start.date():
        return _("%(day)s, de %(start)s à %(end)s") % {
            "day": _day(start),
            "start": _time(start),
            "end": _time(end),
        }
    return _("du %(start_day)s à %(start)s au %(end_day)s à %(end)s") % {
        "start_day": _day(start),
        "start": _time(start),
        "end_day": _day(end),
        "end": _time(end),
    }


@register.filter
def file_type(document) -> str:
    """A document's file type as people know it: "PDF", "ODT"."""
    extension = getattr(document, "file_extension", "") or ""
    return extension.upper()
