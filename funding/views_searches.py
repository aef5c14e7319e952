"""A coordinator's saved searches of the calls' catalogue: saved from the catalogue's current
filters, listed, unsubscribed from, deleted. Each is its owner's only: anyone else's pk is a
404 (``can_manage_search``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from funding import searches
from funding.filters import CallFilterSet
from funding.models import SavedSearch
from funding.permissions import can_manage_search, can_save_search
from hubsite.models import Hub


def _own_search(request, pk) -> SavedSearch:
    search = get_object_or_404(SavedSearch, pk=pk)
    if not can_manage_search(request.user, search):
        raise Http404
    return search


def describe(query: str, hub_names: dict[str, str]) -> list[tuple[str, str]]:
    """(label, value) of each filter of ``query``, worded as the catalogue's form words them;
    ``hub_names`` (pk as text → name) names the hubs of "covering the hub"."""
    data = QueryDict(query)
    described = []
    for name, catalogue_filter in CallFilterSet.base_filters.items():
        value = data.get(name)
        if not value:
            continue
        if name == "covers_hub":
            shown = hub_names.get(value, value)
        elif name == "open_now":
            shown = _("oui") if value.lower() in ("true", "1", "on") else _("non")
        else:
            shown = dict(catalogue_filter.extra.get("choices", ())).get(value, value)
        described.append((str(catalogue_filter.label), str(shown)))
    if text := data.get(searches.SEARCH_PARAM):
        described.append((_("Recherche"), text))
    return described


def hub_names_of(queries) -> dict[str, str]:
    """The names of the hubs ``queries`` filter on, in one query."""
    pks = {QueryDict(query).get("covers_hub", "") for query in queries}
    pks = [int(pk) for pk in pks if pk.isdigit()]
    return {str(pk): name for pk, name in Hub.objects.filter(pk__in=pks).values_list("pk", "name")}


class _SearchPage(WagtailAdminTemplateMixin, TemplateView):
    model = SavedSearch
    header_icon = "bell"

    def dispatch(self, request, *args, **kwargs):
        if not can_save_search(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("funding_calls:index"), "label": _("Appels à projets")},
            {"url": reverse("funding_searches"), "label": _("Mes recherches")},
            {"url": "", "label": self.get_page_title()},
        ]


class SearchListView(_SearchPage):
    template_name = "funding/admin/searches.html"
    page_title = gettext_lazy("Mes recherches enregistrées")

    def get_context_data(self, **kwargs):
        own = list(SavedSearch.objects.owned_by(self.request.user))
        names = hub_names_of(search.query for search in own)
        return {
            **super().get_context_data(**kwargs),
            "searches": [
                (search, describe(search.query, names), searches.catalogue_url(search))
                for search in own
            ],
        }


class SearchSaveView(_SearchPage):
    """GET ``q``: the catalogue's query, shown with a name to give; POST saves it."""

    template_name = "funding/admin/search_save.html"
    page_title = gettext_lazy("Enregistrer une recherche")

    def render(self, query: str, name: str = "", errors=()):
        return self.render_to_response(
            self.get_context_data(
                query=query,
                name=name,
                errors=errors,
                filters=describe(query, hub_names_of([query])),
            )
        )

    def get(self, request, *args, **kwargs):
        return self.render(request.GET.get("q", ""))

    def post(self, request, *args, **kwargs):
        query, name = request.POST.get("q", ""), request.POST.get("name", "")
        try:
            search = searches.save_search(user=request.user, name=name, query=query)
        except ValidationError as error:
            return self.render(query, name, error.messages)
        messages.success(
            request,
            _("Recherche « %(name)s » enregistrée : les nouveaux appels vous seront envoyés.")
            % {"name": search.name},
        )
        return redirect("funding_searches")


class SearchUnsubscribeView(_SearchPage):
    """GET (from the alert's link): a confirmation; POST: no more alerts for this search."""

    template_name = "funding/admin/search_unsubscribe.html"
    page_title = gettext_lazy("Ne plus recevoir d'alerte")

    def get(self, request, pk):
        search = _own_search(request, pk)
        return self.render_to_response(self.get_context_data(search=search))

    def post(self, request, pk):
        search = _own_search(request, pk)
        searches.set_subscribed(user=request.user, search=search, subscribed=False)
        messages.success(
            request,
            _("Vous ne recevrez plus d'alerte pour « %(name)s ».") % {"name": search.name},
        )
        return redirect("funding_searches")


class SearchResubscribeView(View):
    model = SavedSearch
    http_method_names = ["post"]

    def post(self, request, pk):
        search = _own_search(request, pk)
        searches.set_subscribed(user=request.user, search=search, subscribed=True)
        messages.success(
            request,
            _("Les nouveaux appels de « %(name)s » vous seront de nouveau envoyés.")
            % {"name": search.name},
        )
        return redirect("funding_searches")


class SearchDeleteView(View):
    model = SavedSearch
    http_method_names = ["post"]

    def post(self, request, pk):
        search = _own_search(request, pk)
        searches.delete_search(user=request.user, search=search)
        messages.success(request, _("Recherche « %(name)s » supprimée.") % {"name": search.name})
        return redirect("funding_searches")
