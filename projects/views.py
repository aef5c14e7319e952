"""The public catalogue (/solutions/) and a solution's page."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from hubsite.point_maps import MapPoint, france_points_map
from hubsite.vocabulary import Public, Service, SpecificSupport
from projects.filters import CatalogueFilterSet
from projects.forms import TakeUpForm
from projects.maturity import maturity_statement
from projects.models import (
    Deployment,
    Format,
    Solution,
    SolutionDocument,
)

PAGE_SIZE = 20
DEPLOYMENT_FIELDS = (
    "solution",
    "started_on",
    "ended_on",
    "people_reached",
    "departement__name",
    "commune__name",
    "commune__latitude",
    "commune__longitude",
    "organisation__name",
)
LONG_TEXTS = ("problem", "audience", "how_it_works", "reuse_details", "search_title", "search_text")

FILTER_GROUPS = (
    (_lazy("Services"), "services"),
    (_lazy("Publics"), "publics"),
    (_lazy("Maturité"), "maturite"),
    (_lazy("Formats"), "format"),
    (_lazy("Conditions de reprise"), "reprise"),
)


def labels(vocabulary, values) -> list[str]:
    return [vocabulary(value).label for value in values]


def _checkbox_groups(filterset: CatalogueFilterSet) -> list[dict]:
    """The multi-valued filters as fieldsets of checkboxes, checked as the URL says."""
    chosen = filterset.cleaned()
    groups = []
    for legend, name in FILTER_GROUPS:
        field = filterset.form.fields[name]
        items = [
            {
                "name": name,
                "value": value,
                "label": str(label),
                "id": f"filtre-{name}-{index}",
                "checked": value in (chosen.get(name) or ()),
            }
            for index, (value, label) in enumerate(field.choices)
        ]
        groups.append({"legend": str(legend), "items": items})
    return groups


def _select(filterset: CatalogueFilterSet, name: str) -> dict:
    field = filterset.form.fields[name]
    chosen = filterset.cleaned().get(name) or ""
    return {
        "name": name,
        "id": f"filtre-{name}",
        "label": field.label,
        "options": [
            {"value": value, "label": label, "selected": str(value) == str(chosen)}
            for value, label in field.choices
            if value != ""
        ],
    }


def published_solutions():
    return Solution.objects.published()


@require_safe
def catalogue(request):
    """/solutions/: search, filters and sort in a GET form (works without JavaScript)."""
    filterset = CatalogueFilterSet(request.GET, queryset=published_solutions())
    # The page's ids first, then its rows: the database sorts every match by ids alone
    # rather than by whole rows.
    paginator = Paginator(filterset.qs.values_list("pk", flat=True), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = (
        published_solutions()
        .select_related("organisation__commune")
        # The long texts are searched in SQL, never shown in the list.
        .defer(*LONG_TEXTS)
        .in_bulk(ids)
    )
    results = [rows[pk] for pk in ids if pk in rows]
    for solution in results:
        solution.service_labels = labels(Service, solution.services)
        solution.format_labels = labels(Format, solution.formats)
    data = filterset.cleaned()
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filterset": filterset,
        "query": filterset.query,
        "sort": filterset.sort,
        "sorts": [
            {"value": value, "label": label, "selected": value == filterset.sort}
            for value, label in filterset.form.fields["tri"].choices
            if value and (value != "pertinence" or filterset.query)
        ],
        "page_obj": page,
        "paginator": paginator,
        "solutions": results,
        "checkbox_groups": _checkbox_groups(filterset),
        "place_selects": [_select(filterset, "hub"), _select(filterset, "departement")],
        "cost_min": data.get("cout_min"),
        "cost_max": data.get("cout_max"),
        "errors": filterset.form.errors if filterset.is_bound else {},
        "querystring": params.urlencode(),
    }
    return TemplateResponse(request, "projects/catalogue.html", context)


def public_solution(slug: str) -> Solution:
    """A published solution with what its page shows, fetched in a fixed number of queries;
    404 for a solution that is not published."""
    # What the timeline and the map show, no more: never a département's boundary (a large
    # GeoJSON), nor the operating organisation's address and identifiers.
    deployments = (
        Deployment.objects.select_related("commune", "departement", "organisation")
        .only(*DEPLOYMENT_FIELDS)
        .order_by("started_on", "pk")
    )
    venue_model = Deployment._meta.get_field("venues").related_model
    # Only the venues the directory publishes; its queryset says which (no import of it).
    venues = venue_model._default_manager.qualified().only("pk", "name", "commune_name")
    return get_object_or_404(
        published_solutions()
        .select_related("organisation__commune__departement__hub__page", "image")
        .defer("organisation__commune__departement__boundary")
        .prefetch_related(
            "indicators",
            Prefetch("documents", queryset=SolutionDocument.objects.select_related("document")),
            Prefetch("deployments", queryset=deployments),
            Prefetch("deployments__venues", queryset=venues),
        ),
        slug=slug,
    )


def solution_context(request, solution: Solution, form: TakeUpForm | None = None) -> dict:
    deployments = list(solution.deployments.all())
    today = timezone.localdate()
    for deployment in deployments:
        deployment.is_over = deployment.ended_on is not None and deployment.ended_on < today
    active = [d for d in deployments if not d.is_over and d.started_on <= today]
    documents = list(solution.documents.all())
    points = [
        MapPoint(
            departement_code=d.departement_id,
            latitude=d.commune.latitude if d.commune else None,
            longitude=d.commune.longitude if d.commune else None,
        )
        for d in active
    ]
    hub = solution.organisation.hub
    hub_page = getattr(hub, "page", None) if hub else None
    return {
        "solution": solution,
        "organisation": solution.organisation,
        "hub": hub,
        "hub_url": hub_page.get_url(request) if hub_page is not None and hub_page.live else "",
        "services": labels(Service, solution.services),
        "publics": labels(Public, solution.publics),
        "specific_support": labels(SpecificSupport, solution.specific_support),
        "formats": labels(Format, solution.formats),
        "indicators": list(solution.indicators.all()),
        "evaluations": [d for d in documents if d.kind == SolutionDocument.Kind.EVALUATION],
        "materials": [d for d in documents if d.kind == SolutionDocument.Kind.MATERIAL],
        "maturity": maturity_statement(solution, active_deployments=active),
        "deployments": deployments,
        "active_deployments": active,
        "deployments_map": france_points_map(
            points, title=_("Carte des lieux où la solution est déployée aujourd'hui")
        )
        if points
        else "",
        "form": form or TakeUpForm(),
    }


@require_safe
def solution_detail(request, slug: str):
    solution = public_solution(slug)
    context = solution_context(request, solution)
    return TemplateResponse(request, "projects/solution_detail.html", context)
