"""The portal's Wagtail pages: the national home, one page per hub and each hub's content."""

from django.db import models
from django.db.models import Prefetch
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from hubsite import maps
from hubsite.blocks import BodyBlock

from .hubs import Hub

# The page bases and the news and events live in their own modules; their names stay
# importable from here (hubsite.models, hubsite.choosers, hubsite.signals and tests use them).
from .news_events import (  # noqa: F401
    EventIndexPage,
    EventPage,
    EventPageQuerySet,
    NewsIndexPage,
    NewsPage,
    NewsPageQuerySet,
)
from .page_base import (  # noqa: F401
    PAGE_SIZE,
    HubScopedPage,
    PortalPage,
    chooser_viewer,
    hub_id_above,
)
from .structure import HubStructureMixin
from .territories import Departement


class HomePage(PortalPage):
    """The national home: a map of the hubs' territories, key figures and the latest news."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*PortalPage.content_panels, FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["hubsite.HubPage", "hubsite.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("accueil national")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        hubs = list(
            Hub.objects.filter(page__live=True)
            .select_related("page")
            .prefetch_related(Prefetch("departements", queryset=_departements_without_boundary()))
        )
        areas = maps.hub_areas(hubs, request)
        colours = {area.pk: area.colour for area in areas}
        for hub in hubs:
            hub.map_colour = colours[hub.pk]  # the legend repeats the map's colours
        context["hubs"] = hubs
        context["france_map"] = maps.france_map(areas)
        context["latest_news"] = (
            NewsPage.objects.live().public().select_related("hub").latest_first()[:6]
        )
        context["key_figures"] = key_figures()
        return context


def _departements_without_boundary():
    return Departement.objects.defer("boundary").order_by("code")


def key_figures() -> list[tuple[str, int]]:
    """National figures; other apps add theirs through the ``maillage_key_figures`` hook."""
    figures = [
        (_("hubs territoriaux"), Hub.objects.filter(page__live=True).count()),
        (_("départements couverts"), Departement.objects.filter(hub__isnull=False).count()),
    ]
    for provider in hooks.get_hooks("maillage_key_figures"):
        figures.extend(provider())
    return figures


class HubTeamMember(Orderable):
    page = ParentalKey("hubsite.HubPage", on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("nom"), max_length=120)
    role = models.CharField(_("fonction"), max_length=120, blank=True)
    email = models.EmailField(_("courriel"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email")]

    class Meta(Orderable.Meta):
        verbose_name = _("membre de l'équipe")


_IDENTITY_HELP = _("Le nom et l'adresse du hub, que l'équipe nationale change dans sa fiche.")


class HubPage(HubStructureMixin, PortalPage):
    """A hub's own home: its territory, presentation, team, news and upcoming events."""

    hub = models.OneToOneField(
        Hub, on_delete=models.PROTECT, related_name="page", verbose_name=_("hub")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    # The title and slug are the hub's name and slug: shown, changed in the hub admin only.
    content_panels = [
        FieldPanel("title", read_only=True, help_text=_IDENTITY_HELP),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("team", label=_("équipe")),
    ]
    promote_panels = [FieldPanel("slug", read_only=True, help_text=_IDENTITY_HELP)]
    parent_page_types = ["hubsite.HomePage"]
    subpage_types = ["hubsite.NewsIndexPage", "hubsite.EventIndexPage", "hubsite.StandardPage"]

    class Meta:
        verbose_name = _("page de hub")

    def _hub_identity(self) -> dict:
        hub = self.hub
        return {"title": hub.name, "slug": hub.slug}

    def _take_hub_identity(self) -> None:
        if self.hub_id is not None:
            for field, value in self._hub_identity().items():
                setattr(self, field, value)

    # Whatever a form, a forged POST or an older revision says, the page bears its hub's
    # identity, which update_hub changes.
    def full_clean(self, *args, **kwargs):
        self._take_hub_identity()
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self._take_hub_identity()
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        if self.hub_id is not None:
            content = {**content, **self._hub_identity()}
        return super().with_content_json(content)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        hub = self.hub
        departements = list(_departements_without_boundary().filter(hub=hub))
        context["departements"] = departements
        context["hub_map"] = maps.hub_map(hub, departements)
        context["latest_news"] = NewsPage.objects.live().public().filter(hub=hub).latest_first()[:3]
        context["upcoming_events"] = (
            EventPage.objects.live().public().filter(hub=hub).upcoming()[:3]
        )
        context["news_index"] = NewsIndexPage.objects.child_of(self).live().first()
        context["event_index"] = EventIndexPage.objects.child_of(self).live().first()
        context["team_members"] = list(self.team.all())
        # Providers are the project's own apps (the directory, ...): their HTML is trusted,
        # and ``render_to_string`` or ``format_html`` output is expected.
        context["hub_sections"] = [
            mark_safe(section)
            for provider in hooks.get_hooks("maillage_hub_sections")
            if (section := provider(request, hub))
        ]
        return context


class StandardPage(HubScopedPage):
    """A free page composed of blocks; under a hub, or national (legal notice, etc.)."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*PortalPage.content_panels, FieldPanel("body")]
    parent_page_types = ["hubsite.HomePage", "hubsite.HubPage", "hubsite.StandardPage"]
    subpage_types = ["hubsite.StandardPage"]

    class Meta:
        verbose_name = _("page libre")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = self.get_children().live().public()
        return context
