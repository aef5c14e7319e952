"""StreamField blocks that coordinators compose their free pages from."""

from django.core.exceptions import BadRequest, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=120)
    text = blocks.TextBlock(label=_("texte"), required=False, max_length=400)
    page = blocks.PageChooserBlock(label=_("page du site"), required=False)
    url = blocks.URLBlock(label=_("ou adresse externe"), required=False)
    label = blocks.CharBlock(label=_("libellé du bouton"), max_length=60)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choisissez une page ou une adresse."))}
            )
        return value

    class Meta:
        icon = "link"
        label = _("appel à l'action")
        template = "hubsite/blocks/call_to_action.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("intitulé du lien"), required=False, max_length=160)

    class Meta:
        icon = "doc-full"
        label = _("document")
        template = "hubsite/blocks/document.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("citation"))
    author = blocks.CharBlock(label=_("auteur"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("citation")
        template = "hubsite/blocks/quote.html"


class PostedStreamBlock(blocks.StreamBlock):
    """A StreamBlock whose malformed form data is a bad request (400), not a server error.

    Wagtail reads the posted blocks (counts, types, orders, nested lists) by indexing and
    ``int()``: a POST missing or garbling them would raise deep inside the page form.
    """

    def value_from_datadict(self, data, files, prefix):
        try:
            return super().value_from_datadict(data, files, prefix)
        except (KeyError, ValueError, TypeError, IndexError) as error:
            raise BadRequest(f"Malformed StreamField data under {prefix!r}") from error


class BodyBlock(PostedStreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("texte"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
    )
    image = ImageBlock(label=_("image"))
    call_to_action = CallToActionBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
