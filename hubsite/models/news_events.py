"""A hub's news and events: their listings and pages."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from hubsite.blocks import BodyBlock

from .page_base import PAGE_SIZE, HubScopedPage, PortalPage
from .structure import HubStructureMixin


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
