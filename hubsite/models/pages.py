"""The portal's Wagtail pages: the national home, one page per hub and each hub's content."""

from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from hubsite import maps
from hubsite.admin_forms import HubsitePageForm
from hubsite.blocks import BodyBlock
from hubsite.text import indexed_text

from .hubs import Hub
from .structure import HubStructureMixin
from .territories import Departement

PAGE_SIZE = 12

# While the admin's page chooser answers a user, what that user may know of a page
# (``hubsite.choosers.ChooserViewer``): a page not of theirs shows its published title, never
# that of an unpublished draft, and counts only the children they may choose.
chooser_viewer = ContextVar("chooser_viewer", default=None)


class EventPageQuerySet(PageQuerySet):
    def upcoming(self) -> "EventPageQuerySet":
        """Events not yet over, soonest first."""
        now = timezone.now()
        return self.filter(
            models.Q(end__gte=now) | models.Q(end__isnull=True, start__gte=now)
        ).order_by("start", "pk")

    def past(self) -> "EventPageQuerySet":
        """Events over, most recent first."""
        now = timezone.now()
        return self.filter(
            models.Q(end__lt=now) | models.Q(end__isnull=True, start__lt=now)
        ).order_by("-start", "-pk")


class NewsPageQuerySet(PageQuerySet):
    def latest_first(self) -> "NewsPageQuerySet":
        return self.order_by("-date", "-pk")


class PortalPage(Page):
    """Common ground of the portal's pages: an introduction and an accent-blind search text."""

    intro = models.TextField(_("chapô"), blank=True, max_length=600)

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("search_text"),
    ]
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    base_form_class = HubsitePageForm

    class Meta:
        abstract = True

    def get_admin_display_title(self):
        viewer = chooser_viewer.get()
        if viewer is not None and not viewer.is_own(self):
            return self.title
        return super().get_admin_display_title()

    def get_children_count(self):
        viewer = chooser_viewer.get()
        if viewer is not None:
            return viewer.children_count(self)
        return super().get_children_count()

    def search_text(self) -> str:
        """Title, introduction and body without accents and with the singular of plural words,
        so that "mediatheques" finds "Médiathèque" (``hubsite.text.indexed_text``)."""
        parts = [self.title, self.intro]
        body = getattr(self, "body", None)
        if body is not None:
            parts.append(_stream_text(body))
        return indexed_text(" ".join(part for part in parts if part))


def _stream_text(stream) -> str:
    texts = []
    for child in stream:
        texts.extend(_block_texts(child.value))
    return " ".join(texts)


def _block_texts(value) -> list[str]:
    source = getattr(value, "source", None)  # RichText
    if source is not None:
        return [strip_tags(source)]
    if isinstance(value, str):
        return [value]
    if hasattr(value, "items"):  # StructValue: its texts, and its nested rich texts
        texts = []
        for item in value.values():
            texts.extend(_block_texts(item))
        return texts
    return []


class HubScopedPage(PortalPage):
    """A page inside a hub's section; ``hub`` is derived from its position in the tree."""

    hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.path:
            self.hub_id = hub_id_above(self)
        super().save(*args, **kwargs)


def hub_id_above(page: Page) -> int | None:
    return (
        HubPage.objects.ancestor_of(page, inclusive=True).values_list("hub_id", flat=True).first()
    )


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


class NewsIndexPage(HubStructureMixin, HubScopedPage):
    parent_page_types = ["hubsite.HubPage"]
    subpage_types = ["hubsite.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("liste des actualités")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = NewsPage.objects.child_of(self).live().public().latest_first()
        context["page_obj"] = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
        return context


class NewsPage(HubScopedPage):
    date = models.DateField(_("date de publication"), default=timezone.localdate)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("date"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    parent_page_types = ["hubsite.NewsIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    class Meta:
        verbose_name = _("actualité")


class EventIndexPage(HubStructureMixin, RoutablePageMixin, HubScopedPage):
    parent_page_types = ["hubsite.HubPage"]
    subpage_types = ["hubsite.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("liste des événements")

    def _listing(self, request, events, *, past: bool):
        page_obj = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        return self.render(request, context_overrides={"past": past, "page_obj": page_obj})

    @path("")
    def upcoming(self, request):
        events = EventPage.objects.child_of(self).live().public().upcoming()
        return self._listing(request, events, past=False)

    @path("passes/", name="past")
    def past(self, request):
        events = EventPage.objects.child_of(self).live().public().past()
        return self._listing(request, events, past=True)


class EventPage(RoutablePageMixin, HubScopedPage):
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"), null=True, blank=True)
    location_name = models.CharField(_("lieu"), max_length=160, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    online_url = models.URLField(_("lien pour suivre en ligne"), blank=True)
    registration_url = models.URLField(_("lien d'inscription"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [
        *PortalPage.content_panels,
        MultiFieldPanel([FieldPanel("start"), FieldPanel("end")], heading=_("Dates")),
        MultiFieldPanel(
            [
                FieldPanel("location_name"),
                FieldPanel("address"),
                FieldPanel("online_url"),
                FieldPanel("registration_url"),
            ],
            heading=_("Lieu et inscription"),
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["hubsite.EventIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(EventPageQuerySet)()

    class Meta:
        verbose_name = _("événement")

    def clean(self):
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("La fin doit suivre le début.")})
        if not (self.location_name or self.address or self.online_url):
            raise ValidationError(
                {"location_name": _("Indiquez un lieu, une adresse ou un lien en ligne.")}
            )

    @property
    def is_past(self) -> bool:
        return (self.end or self.start) < timezone.now()

    @path("calendrier.ics", name="ical")
    def ical(self, request):
        from hubsite.ical import event_to_ical

        response = HttpResponse(
            event_to_ical(self, request), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{self.slug}.ics"
        )
        return response


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
