"""What coverage adds to the portal through Wagtail hooks: a national figure on the home page,
the coverage map on each hub's page, and the communes left out on the coordinator's desk."""

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from directory import coverage, coverage_figures
from directory.models import CommuneCoverage, Status, Venue
from directory.views_coverage import cached, hub_coverage_context
from hubsite.desk import DESK_HOOK, DeskItem

# On the desk, the communes large enough to be worth a venue of their own.
DESK_MIN_POPULATION = 1_000


@hooks.register("maillage_key_figures")
def coverage_figure() -> list[tuple[str, int]]:
    computed_at = coverage.computed_at()
    if computed_at is None:
        return []
    population = cached("national-beyond", computed_at, coverage_figures.national_beyond)
    return [
        (
            _("habitants à plus de %(km)d km d'un lieu qualifié")
            % {"km": coverage_figures.UNSERVED_KM},
            population,
        )
    ]


@hooks.register("maillage_hub_sections")
def hub_coverage_section(request, hub) -> str:
    context = hub_coverage_context(hub)
    if context["computed_at"] is None:
        return ""
    context["coverage_url"] = reverse("finder:hub_coverage", args=[hub.slug])
    return render_to_string("directory/coverage_section.html", context, request=request)


@hooks.register(DESK_HOOK)
def coverage_desk_items():
    return [
        DeskItem(
            name="communes_unserved",
            label=_("communes de plus de 1 000 habitants sans lieu à moins de 10 km"),
            model=CommuneCoverage,
            condition=coverage_figures.beyond(coverage_figures.UNSERVED_KM)
            & Q(commune__population__gte=DESK_MIN_POPULATION),
            url=lambda hub: reverse("finder:hub_coverage", args=[hub.slug]),
            order=50,
        )
    ]


def _venue_changed(request, objects) -> None:
    venues = objects if isinstance(objects, list) else [objects]
    if any(isinstance(venue, Venue) and venue.status == Status.QUALIFIED for venue in venues):
        coverage.schedule_recompute()


# A published venue moved or deleted in the admin moves the distances too.
hooks.register("after_edit_snippet", _venue_changed)
hooks.register("after_delete_snippet", _venue_changed)
