"""What the directory adds to the portal's pages through Wagtail hooks: a key figure on the
national home, and a section listing a hub's venues on its page."""

from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from directory.models import Venue

HUB_SECTION_VENUES = 5


@hooks.register("maillage_key_figures")
def venue_figures() -> list[tuple[str, int]]:
    return [(_("lieux de médiation numérique qualifiés"), Venue.objects.qualified().count())]


@hooks.register("maillage_hub_sections")
def hub_venues_section(request, hub) -> str:
    """The hub's venues: how many per département, a few of them, and its own finder."""
    venues = Venue.objects.qualified().in_hub(hub)
    by_departement = list(
        venues.order_by()
        .values("departement__code", "departement__name")
        .annotate(count=Count("pk"))
        .order_by("departement__code")
    )
    sample = list(venues.order_by("-updated_on", "name")[:HUB_SECTION_VENUES])
    for venue in sample:
        venue.url = venue.get_absolute_url()
    context = {
        "hub": hub,
        "total": sum(row["count"] for row in by_departement),
        "by_departement": by_departement,
        "venues": sample,
        "finder_url": f"{reverse('finder:index')}?hub={hub.slug}",
    }
    return render_to_string("directory/hub_section.html", context, request=request)
