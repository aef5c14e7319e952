"""What the catalogue adds to other apps' public pages and to the notifications, through
Wagtail hooks (hubsite and the directory never import projects): a hub's proven solutions and
those it could take up, the solutions a venue runs, and the e-mails of take-up requests."""

from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from hubsite.notifications import KINDS_HOOK, NotificationKind
from hubsite.roles import is_mediator, is_national
from hubsite.scoping import hub_scope
from projects.filters import maturity_rank
from projects.models import Deployment, Maturity, Solution
from projects.services import TAKE_UP_HUB_KIND, TAKE_UP_ORGANISATION_KIND

HUB_SECTION_SOLUTIONS = 6
VENUE_SECTION_SOLUTIONS = 20
PROVEN_LEVELS = (Maturity.PROVEN, Maturity.SCALING)


def _proven():
    return (
        Solution.objects.published()
        .filter(maturity__in=PROVEN_LEVELS)
        .select_related("organisation")
        .annotate(_rank=maturity_rank())
        .order_by("-_rank", "-people_per_year", "title", "pk")
    )


def hub_lists(hub) -> dict:
    """The hub's proven solutions (of its organisations, or deployed in its territory) and
    the proven solutions of elsewhere not deployed there yet, "à reprendre chez nous"."""
    deployed_here = Exists(
        Deployment.objects.active().filter(solution=OuterRef("pk"), departement__hub=hub)
    )
    here = Q(organisation__commune__departement__hub=hub, organisation__is_national=False)
    here |= Q(deployed_here)
    proven = _proven()
    return {
        "here": list(proven.filter(here)[:HUB_SECTION_SOLUTIONS]),
        "here_count": proven.filter(here).count(),
        "elsewhere": list(proven.exclude(here)[:HUB_SECTION_SOLUTIONS]),
        "elsewhere_count": proven.exclude(here).count(),
    }


@hooks.register("maillage_hub_sections")
def hub_solutions_section(request, hub) -> str:
    context = {
        "hub": hub,
        **hub_lists(hub),
        "catalogue_url": reverse("solutions:index"),
        "hub_catalogue_query": f"hub={hub.slug}&maturite=proven&maturite=scaling",
    }
    return render_to_string("projects/hub_section.html", context, request=request)


@hooks.register("maillage_venue_sections")
def venue_solutions_section(request, venue) -> str:
    runs_here = Deployment.objects.active().filter(solution=OuterRef("pk"), venues=venue)
    solutions = list(
        Solution.objects.published()
        .filter(Exists(runs_here))
        .select_related("organisation")
        .order_by("title", "pk")[:VENUE_SECTION_SOLUTIONS]
    )
    if not solutions:
        return ""
    return render_to_string(
        "projects/venue_section.html", {"solutions": solutions, "venue": venue}, request=request
    )


def _answers_for_a_territory(user) -> bool:
    return is_national(user) or bool(hub_scope(user))


@hooks.register(KINDS_HOOK)
def notification_kinds():
    return [
        NotificationKind(
            name=TAKE_UP_HUB_KIND,
            label=_("Demandes de déploiement d'une solution dans votre territoire"),
            help_text=_("Envoyées depuis la page d'une solution par une mairie, un lieu…"),
            audience=_answers_for_a_territory,
        ),
        NotificationKind(
            name=TAKE_UP_ORGANISATION_KIND,
            label=_("Demandes de déploiement des solutions de votre organisation"),
            help_text=_("Quelqu'un veut reprendre une de vos solutions chez lui."),
            audience=is_mediator,
        ),
    ]
