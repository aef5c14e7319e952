"""The coverage pages (/lieux/couverture/): how far the people of France, and of each hub's
territory, live from a qualified venue; read from the stored computation, never computed on
a page view."""

from django.core.cache import cache
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from directory import coverage, coverage_figures, coverage_map
from hubsite.exports import csv_response
from hubsite.models import Departement, Hub

CACHE_TIMEOUT = 24 * 60 * 60


def cached(name: str, computed_at, compute):
    """``compute()``, kept until the next computation of coverage (whose time is in the key):
    the national figures add up every commune of France."""
    if computed_at is None:
        return compute()
    key = f"maillage:coverage:{name}:{computed_at.isoformat()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_TIMEOUT)
    return value


def hub_coverage_context(hub: Hub) -> dict:
    """What a hub's coverage shows (its page, its section of the hub page): the map, the
    figures per département and the most populous communes left out."""
    codes = list(
        Departement.objects.filter(hub=hub).order_by("code").values_list("code", flat=True)
    )
    computed_at = coverage.computed_at()
    scope = ",".join(codes)
    figures = cached(
        f"figures:{scope}", computed_at, lambda: coverage_figures.departement_figures(codes)
    )
    title = _("Desserte du territoire du hub %(hub)s par les lieux qualifiés") % {"hub": hub.name}
    svg = ""
    if computed_at is not None:
        svg = coverage_map.coverage_map(
            key=f"{hub.pk}:{hub.name}:{computed_at.isoformat()}:{','.join(codes)}",
            title=title,
            codes=codes,
        )
    return {
        "hub": hub,
        "computed_at": computed_at,
        "figures": figures,
        "total": coverage_figures.total(figures, _("Territoire du hub")),
        "unserved": cached(
            f"unserved:{scope}",
            computed_at,
            lambda: coverage_figures.most_populous_unserved(codes),
        ),
        "unserved_km": coverage_figures.UNSERVED_KM,
        "map": svg,
        "legend": coverage_map.legend(),
    }


def hub_coverage(request, slug: str):
    hub = get_object_or_404(Hub.objects.select_related("page"), slug=slug)
    context = hub_coverage_context(hub)
    context["csv_url"] = f"{request.path}communes.csv"
    return TemplateResponse(request, "directory/coverage_hub.html", context)


def hub_coverage_csv(request, slug: str):
    hub = get_object_or_404(Hub, slug=slug)
    codes = list(Departement.objects.filter(hub=hub).values_list("code", flat=True))
    return csv_response(coverage_figures.csv_rows(codes), filename=f"desserte-{hub.slug}")


def national_coverage(request):
    computed_at = coverage.computed_at()
    figures = cached("figures", computed_at, coverage_figures.departement_figures)
    hub_of = dict(Departement.objects.filter(hub__isnull=False).values_list("code", "hub__slug"))
    names = dict(Hub.objects.values_list("slug", "name"))
    for area in figures:
        area.hub_slug = hub_of.get(area.code)
        area.hub_name = names.get(area.hub_slug, "")
    context = {
        "computed_at": computed_at,
        "figures": figures,
        "total": coverage_figures.total(figures, _("France entière")),
        "unserved": cached("unserved", computed_at, coverage_figures.most_populous_unserved),
        "unserved_km": coverage_figures.UNSERVED_KM,
    }
    return TemplateResponse(request, "directory/coverage_national.html", context)


def national_coverage_csv(request):
    return csv_response(coverage_figures.csv_rows(), filename="desserte-france")
