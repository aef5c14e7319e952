"""A venue's public page, its short address and its error report form."""

import datetime
from urllib.parse import quote

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from wagtail import hooks

from directory import opening_hours, services, throttle
from directory.forms_public import ErrorReportForm
from directory.models import MergedVenue, Status, Venue
from directory.views import labels
from directory.vocabulary import (
    AccessMode,
    Fee,
    NationalProgramme,
    Public,
    Service,
    SpecificSupport,
    SupportMode,
    TrainingLabel,
)

REPORTS_PER_VENUE_PER_HOUR = 5
REPORTS_PER_CLIENT_PER_HOUR = 20


def _public_venue(pk: int) -> Venue:
    return get_object_or_404(
        Venue.objects.qualified().select_related("departement__hub__page"), pk=pk
    )


def _merged_into(pk: int) -> str | None:
    """The public URL of the venue that venue ``pk`` was merged into, if it was (and is
    public)."""
    merged = MergedVenue.objects.filter(old_id=pk, into__status=Status.QUALIFIED).first()
    return merged.into.get_absolute_url() if merged else None


def venue_context(request, venue: Venue, now: datetime.datetime, form=None) -> dict:
    """Everything the venue page shows, its opening status taken at ``now``."""
    schedule = opening_hours.parse_or_none(venue.opening_hours)
    hub = venue.departement.hub if venue.departement_id else None
    hub_page = getattr(hub, "page", None) if hub else None
    hub_url = hub_page.get_url(request) if hub_page is not None and hub_page.live else None
    phone_digits = "".join(c for c in venue.phone if c.isdigit() or c == "+")
    return {
        "venue": venue,
        "hub": hub,
        "hub_url": hub_url,
        "hub_finder_query": f"hub={quote(hub.slug)}" if hub else "",
        "services": labels(Service, venue.services),
        "publics": labels(Public, venue.publics),
        "specific_support": labels(SpecificSupport, venue.specific_support),
        "support_modes": labels(SupportMode, venue.support_modes),
        "access_modes": labels(AccessMode, venue.access_modes),
        "national_programmes": labels(NationalProgramme, venue.national_programmes),
        "training_labels": labels(TrainingLabel, venue.training_labels),
        "fees": labels(Fee, venue.fees),
        "week": opening_hours.describe_week(schedule) if schedule else None,
        "open_status": opening_hours.status(schedule, now) if schedule else None,
        "phone_uri": f"tel:{phone_digits}" if phone_digits else "",
        "emails": [e.strip() for e in venue.emails.replace(";", "|").split("|") if e.strip()],
        "websites": [w.strip() for w in venue.websites.replace(";", "|").split("|") if w.strip()],
        "directions_url": (
            "https://www.openstreetmap.org/directions?route="
            + quote(f";{venue.latitude},{venue.longitude}")
            if venue.has_position
            else ""
        ),
        "geo_uri": f"geo:{venue.latitude},{venue.longitude}" if venue.has_position else "",
        "map": {
            "tiles": settings.MAP_TILES_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
        },
        "form": form or ErrorReportForm(),
        "report_sent": request.GET.get("signalement") == "merci",
        "report_url": reverse("finder:report", args=[venue.pk, slugify(venue.name) or "lieu"]),
        # Other apps' sections (the solutions a venue runs...), through a hook: their HTML
        # is trusted, render_to_string or format_html output is expected.
        "venue_sections": [
            mark_safe(section)
            for provider in hooks.get_hooks("maillage_venue_sections")
            if (section := provider(request, venue))
        ],
    }


def venue_detail(request, pk: int, slug: str = ""):
    """A qualified venue's page; a venue merged into another leads there; 404 for any other."""
    try:
        venue = _public_venue(pk)
    except Http404:
        if moved := _merged_into(pk):
            return redirect(moved, permanent=True)
        raise
    canonical = venue.get_absolute_url()
    if request.path != canonical:
        query = request.META.get("QUERY_STRING")
        return redirect(f"{canonical}?{query}" if query else canonical, permanent=True)
    context = venue_context(request, venue, timezone.now())
    return TemplateResponse(request, "directory/venue_detail.html", context)


@require_POST
def venue_report(request, pk: int, slug: str):
    """Store an error report for the hub, then redirect (POST/redirect/GET); throttled per
    client and per venue."""
    venue = _public_venue(pk)
    form = ErrorReportForm(request.POST)
    done = f"{venue.get_absolute_url()}?signalement=merci#signaler"
    if form.is_trap:
        return redirect(done)
    if not form.is_valid():
        context = venue_context(request, venue, timezone.now(), form=form)
        return TemplateResponse(request, "directory/venue_detail.html", context, status=400)
    client = throttle.client_fingerprint(request)
    allowed = throttle.is_allowed(
        f"report:{client}:{venue.pk}", limit=REPORTS_PER_VENUE_PER_HOUR, window=3600
    ) and throttle.is_allowed(f"report:{client}", limit=REPORTS_PER_CLIENT_PER_HOUR, window=3600)
    if not allowed:
        context = venue_context(request, venue, timezone.now(), form=form)
        context["throttled"] = True
        return TemplateResponse(request, "directory/venue_detail.html", context, status=429)
    services.report_error(
        venue=venue, message=form.cleaned_data["message"], email=form.cleaned_data["email"]
    )
    return redirect(done)


def venue_short(request, pk: int):
    """/lieux/<id>/ leads to the venue's full address."""
    try:
        return redirect(_public_venue(pk).get_absolute_url(), permanent=True)
    except Http404:
        if moved := _merged_into(pk):
            return redirect(moved, permanent=True)
        raise
