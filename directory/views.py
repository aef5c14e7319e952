"""The public finder (/lieux/), its full-screen map and the venue pages."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST
from wagtail import hooks

from directory import opening_hours, search, services, throttle
from directory.filters import FinderFilterSet
from directory.forms_public import ErrorReportForm, SearchForm
from directory.models import MergedVenue, Status, Venue
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
from hubsite.models import Hub
from hubsite.text import normalize_name

PAGE_SIZE = 20
# Farther than this, the nearest venue is not "near": the finder says so and gives the
# national help line.
NEARBY_KM = 20
MAX_PAGES = 10
REPORTS_PER_VENUE_PER_HOUR = 5
REPORTS_PER_CLIENT_PER_HOUR = 20
# The view of the whole of metropolitan France, for a map with nothing to centre on.
FRANCE_BOUNDS = (41.3, -5.2, 51.1, 9.6)


def labels(vocabulary, values) -> list[str]:
    return [vocabulary(value).label for value in values]


@dataclass
class FinderSearch:
    """A search as the URL carries it: where from, which filters, which hub, which page."""

    form: SearchForm
    filterset: FinderFilterSet
    now: datetime.datetime
    place: search.Place | None = None
    not_found: bool = False
    hub: Hub | None = None
    page: int = 1
    params: dict = field(default_factory=dict)

    @classmethod
    def read(cls, request, now: datetime.datetime) -> "FinderSearch":
        form = SearchForm(request.GET)
        filterset = FinderFilterSet(request.GET, queryset=Venue.objects.qualified(), now=now)
        finder = cls(form=form, filterset=filterset, now=now)
        data = form.cleaned()
        query = data.get("q", "").strip()
        if data.get("commune"):
            # A commune chosen among homonyms stays chosen while the box still shows its name.
            chosen = search.commune_place(data["commune"])
            if chosen and (not query or normalize_name(query) == chosen.commune.search_name):
                finder.place = chosen
        if finder.place is None and query:
            finder.place = search.resolve_place(query)
            finder.not_found = finder.place is None
        if finder.place is None and not query and form.position:
            finder.place = search.position_place(*form.position)
        slug = filterset.cleaned().get("hub")
        if slug:
            finder.hub = Hub.objects.filter(slug=slug).select_related("page").first()
        try:
            finder.page = max(1, int(request.GET.get("page", 1)))
        except ValueError:
            finder.page = 1
        finder.params = request.GET
        return finder

    @property
    def has_search(self) -> bool:
        return self.place is not None or self.hub is not None

    def querystring(self, **changes) -> str:
        """The search's query string with ``changes`` (None removes a parameter)."""
        params = self.params.copy()
        params.pop("page", None)
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        for name in list(params):
            if params.getlist(name) == [""]:
                del params[name]
        return params.urlencode()

    def filter_querystring(self) -> str:
        """The filters alone, for the map API."""
        return self.querystring(q=None, lat=None, lon=None, commune=None)


def _results(finder: FinderSearch):
    """(venues of the page, has a next page, paginator or None); nearest first from a place
    (the nearest MAX_PAGES pages), by name in a hub."""
    queryset = finder.filterset.qs
    if finder.place is not None:
        finder.page = min(finder.page, MAX_PAGES)
        offset = (finder.page - 1) * PAGE_SIZE
        venues = search.nearest(
            queryset,
            finder.place.latitude,
            finder.place.longitude,
            limit=PAGE_SIZE + 1,
            offset=offset,
        )
        has_next = len(venues) > PAGE_SIZE and finder.page < MAX_PAGES
        return venues[:PAGE_SIZE], has_next, None
    if finder.hub is not None:
        paginator = Paginator(queryset.order_by("name", "pk"), PAGE_SIZE)
        page = paginator.get_page(finder.page)
        finder.page = page.number
        return list(page.object_list), page.has_next(), paginator
    return [], False, None


def distance_label(km: float | None) -> str:
    if km is None:
        return ""
    if km < 0.1:
        return _("à moins de 100 m")
    metres = round(km * 10) * 100
    if metres < 1000:
        return _("à %(metres)s m") % {"metres": metres}
    decimals = 1 if km < 10 else 0
    # number_format truncates: round first.
    return _("à %(km)s km") % {"km": number_format(round(km, decimals), decimals)}


def _nothing_nearby(finder: FinderSearch, venues) -> dict | None:
    """What the finder says when the place searched has no hub yet or no venue within
    NEARBY_KM (the nearest venues are listed all the same): None when it has both."""
    if finder.place is None or finder.page != 1:
        return None
    commune = finder.place.commune
    uncovered = commune is not None and commune.departement.hub_id is None
    nearest = getattr(venues[0], "distance_km", None) if venues else None
    far = nearest is None or nearest > NEARBY_KM
    if not (uncovered or far):
        return None
    phone = settings.NATIONAL_HELP_LINE_PHONE
    digits = "".join(character for character in phone if character.isdigit())
    return {
        "uncovered": uncovered,
        "far": far,
        "nearest": distance_label(nearest) if nearest is not None else "",
        "km": NEARBY_KM,
        "help_name": settings.NATIONAL_HELP_LINE_NAME,
        "help_phone": phone,
        "help_tel": "+33" + digits[1:] if len(digits) == 10 and digits[0] == "0" else digits,
    }


def _decorate(venues, now):
    for venue in venues:
        venue.url = venue.get_absolute_url()
        venue.distance_label = distance_label(getattr(venue, "distance_km", None))
        venue.open_status = opening_hours.status_for(venue.opening_hours, now)
        venue.service_labels = labels(Service, venue.services)
    return venues


def _map_config(finder: FinderSearch) -> dict:
    """What the map script needs, as data-* attributes."""
    config = {
        "api": reverse("directory_api:venues_geojson"),
        "filters": finder.filter_querystring(),
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
    }
    if finder.place is not None:
        config["lat"] = finder.place.latitude
        config["lon"] = finder.place.longitude
        config["place"] = finder.place.label
    bounds = None
    if finder.hub is not None and finder.place is None:
        bounds = finder.hub.departements.aggregate(
            south=Min("min_latitude"),
            west=Min("min_longitude"),
            north=Max("max_latitude"),
            east=Max("max_longitude"),
        )
        if None in bounds.values():
            bounds = None
        else:
            bounds = (bounds["south"], bounds["west"], bounds["north"], bounds["east"])
    if bounds is None and finder.place is None:
        bounds = FRANCE_BOUNDS
    if bounds is not None:
        config["bounds"] = ",".join(f"{value:.5f}" for value in bounds)
    return config


def finder(request):
    """/lieux/: a GET form (works without JavaScript) and the nearest venues, paginated."""
    now = timezone.now()
    search_ = FinderSearch.read(request, now)
    venues, has_next, paginator = _results(search_)
    _decorate(venues, now)
    first_rank = (search_.page - 1) * PAGE_SIZE + 1
    for rank, venue in enumerate(venues, start=first_rank):
        venue.rank = rank
    if search_.place is not None:
        for commune in search_.place.alternatives:
            commune.finder_query = search_.querystring(
                q=commune.name, commune=commune.insee_code, lat=None, lon=None
            )
    context = {
        "search": search_,
        "form": search_.form,
        "filterset": search_.filterset,
        "venues": venues,
        "has_next": has_next,
        "paginator": paginator,
        "page_number": search_.page,
        "previous_query": search_.querystring(page=search_.page - 1) if search_.page > 1 else "",
        "next_query": search_.querystring(page=search_.page + 1) if has_next else "",
        "map": _map_config(search_),
        "map_query": search_.querystring(),
        "search_without_hub": search_.querystring(hub=None),
        "filter_groups": _filter_groups(search_.filterset),
        "nothing_nearby": _nothing_nearby(search_, venues),
    }
    return TemplateResponse(request, "directory/finder.html", context)


FILTER_GROUPS = (
    (_lazy("Services"), ("services",)),
    (_lazy("Publics"), ("publics",)),
    (_lazy("Accompagnement adapté"), ("specific_support",)),
    (_lazy("Façons d'être accompagné"), ("support_modes",)),
    (_lazy("Dispositifs nationaux"), ("national_programmes",)),
    (_lazy("Conditions et horaires"), ("free", "pass_numerique", "open_now", "open_saturday")),
)


def _filter_groups(filterset: FinderFilterSet) -> list[dict]:
    """The filters as fieldsets of checkboxes, checked as the URL says (written as plain
    HTML by the template: forty widgets rendered one by one would cost more than the rest of
    the page)."""
    chosen = filterset.cleaned()
    groups = []
    for legend, names in FILTER_GROUPS:
        items = []
        for name in names:
            field = filterset.form.fields[name]
            if isinstance(field, forms.MultipleChoiceField):
                for index, (value, label) in enumerate(field.choices):
                    items.append(
                        {
                            "name": name,
                            "value": value,
                            "label": str(label),
                            "id": f"filtre-{name}-{index}",
                            "checked": value in (chosen.get(name) or ()),
                        }
                    )
            else:
                items.append(
                    {
                        "name": name,
                        "value": "on",
                        "label": str(field.label),
                        "id": f"filtre-{name}",
                        "checked": bool(chosen.get(name)),
                    }
                )
        groups.append({"legend": str(legend), "items": items})
    return groups


def finder_map(request):
    """/lieux/carte/: the same search on a full-screen map of clusters."""
    now = timezone.now()
    search_ = FinderSearch.read(request, now)
    context = {
        "search": search_,
        "map": _map_config(search_),
        "list_query": search_.querystring(),
    }
    return TemplateResponse(request, "directory/finder_map.html", context)


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
