"""The portal's page bases: an introduction, an accent-blind search text, a hub of its own."""

from contextvars import ContextVar

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from hubsite.admin_forms import HubsitePageForm
from hubsite.text import indexed_text

from .hubs import Hub

PAGE_SIZE = 12

# While the admin's page chooser answers a user, what that user may know of a page
# (``hubsite.choosers.ChooserViewer``): a page not of theirs shows its published title, never
# that of an unpublished draft, and counts only the children they may choose.
chooser_viewer = ContextVar("chooser_viewer", default=None)


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
    from .pages import HubPage  # the hub page is built on these bases

    return (
        HubPage.objects.ancestor_of(page, inclusive=True).values_list("hub_id", flat=True).first()
    )
