"""The public finder (/lieux/) and its full-screen map; the venue pages are in views_venue."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from directory import opening_hours, search
from directory.filters import FinderFilterSet
from directory.forms_public import SearchForm
from directory.models import Venue
from directory.vocabulary import (
    Service,
)
from hubsite.models import Hub
from hubsite.text import normalize_name

PAGE_SIZE = 20
# Farther than this, the nearest venue is not "near": the finder says so and gives the
# national help line.
NEARBY_KM = 20
MAX_PAGES = 10
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
