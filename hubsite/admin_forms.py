"""Base forms of the admin's page and model forms: content takes only what its user may choose.

The choosers offer a coordinator their hub's images and documents, their own pages and the
published public ones (``hubsite.permissions.choosable``); a form must not take a forged id of
anything else, whether in a foreign key or anywhere in a StreamField (chooser blocks, image
blocks, rich text links). A refused reference is reported on the field or the block that holds
it, in French, and is emptied when the form is shown again, so that the refusal does not name
what it refused. What the object already holds stays allowed: the national team may have put
there something its coordinators cannot choose.
"""

from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.base import BlockField
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import AbstractDocument
from wagtail.images.blocks import ImageBlock
from wagtail.images.models import AbstractImage
from wagtail.models import Page

REFUSALS = (
    (
        AbstractImage,
        _(
            "Cette image n'est pas dans une médiathèque que vous pouvez utiliser : "
            "choisissez une image de votre hub."
        ),
    ),
    (
        AbstractDocument,
        _(
            "Ce document n'est pas dans une médiathèque que vous pouvez utiliser : "
            "choisissez un document de votre hub."
        ),
    ),
    (
        Page,
        _(
            "Cette page n'est pas une page que vous pouvez choisir : "
            "choisissez une page de votre hub ou une page publiée."
        ),
    ),
)


def refusal_message(model: type[Model]):
    for base, message in REFUSALS:
        if issubclass(model, base):
            return message
    return None


def _kind(model: type[Model]) -> type[Model]:
    # Page references name the specific class or Page itself: one kind for all.
    return Page if issubclass(model, Page) else model


Reference = tuple[type[Model], str]


def block_references(block: blocks.Block, value) -> set[Reference]:
    """The objects ``value`` of ``block`` refers to, through Wagtail's reference extraction."""
    if value is None:
        return set()
    return {
        (_kind(model), str(pk)) for model, pk, _path, _content in block.extract_references(value)
    }


def _refusal_errors(block: blocks.Block, value, refused: set[Reference]):
    """The nested block errors, as StreamField widgets show them, of every leaf block of
    ``value`` that refers to a refused object; ``None`` if there is none."""
    if value is None:
        return None
    if isinstance(block, blocks.StreamBlock | blocks.ListBlock):
        children = value if isinstance(block, blocks.StreamBlock) else value.bound_blocks
        errors = {
            index: error
            for index, child in enumerate(children)
            if (error := _refusal_errors(child.block, child.value, refused)) is not None
        }
        if not errors:
            return None
        if isinstance(block, blocks.StreamBlock):
            return StreamBlockValidationError(block_errors=errors)
        return ListBlockValidationError(block_errors=errors)
    if isinstance(block, blocks.StructBlock) and not isinstance(block, ImageBlock):
        errors = {
            name: error
            for name, child_block in block.child_blocks.items()
            if (error := _refusal_errors(child_block, value.get(name), refused)) is not None
        }
        return StructBlockValidationError(block_errors=errors) if errors else None
    kinds = [kind for kind, _pk in block_references(block, value) & refused]
    if not kinds:
        return None
    error = ValidationError(refusal_message(kinds[0]))
    if isinstance(block, ImageBlock):  # its chooser is its "image" child
        return StructBlockValidationError(block_errors={"image": error})
    return error


def _without_refused(block: blocks.Block, value, refused: set[Reference]):
    """``value`` with every leaf that refers to a refused object emptied, in place."""
    if value is None:
        return None
    if isinstance(block, blocks.StreamBlock | blocks.ListBlock):
        children = value if isinstance(block, blocks.StreamBlock) else value.bound_blocks
        for child in children:
            child.value = _without_refused(child.block, child.value, refused)
        return value
    if isinstance(block, blocks.StructBlock) and not isinstance(block, ImageBlock):
        for name, child_block in block.child_blocks.items():
            value[name] = _without_refused(child_block, value.get(name), refused)
        return value
    return block.get_default() if block_references(block, value) & refused else value


class _MaskedBoundField(BoundField):
    def value(self):
        masked = getattr(self.form, "masked_values", {})
        if self.name in masked:
            return self.field.prepare_value(masked[self.name])
        return super().value()


class ChoosableContentMixin:
    """Refuse, in a Wagtail admin model form, the images, documents and pages its user may
    not choose (``hubsite.permissions.choosable``); keep what the object already holds.

    Put it before ``WagtailAdminModelForm`` in the ``base_form_class`` of any snippet or model
    that comes to refer to media or pages (none does today but the pages).
    """

    bound_field_class = _MaskedBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.masked_values = {}
        self.held_references = set()
        for name in self.fields:
            self.held_references |= self.field_references(name, self.initial.get(name))

    def field_references(self, name: str, value) -> set[Reference]:
        field = self.fields[name]
        if value in (None, ""):
            return set()
        if isinstance(field, BlockField):
            return block_references(field.block, value)
        if isinstance(field, forms.ModelChoiceField):
            kind = _kind(field.queryset.model)
            values = value if isinstance(field, forms.ModelMultipleChoiceField) else [value]
            return {(kind, str(item.pk if isinstance(item, Model) else item)) for item in values}
        return set()

    def refused_references(self, references: set[Reference]) -> set[Reference]:
        # hubsite.permissions imports the models, whose pages import this module.
        from hubsite.permissions import choosable

        wanted = defaultdict(set)
        for kind, pk in references - self.held_references:
            wanted[kind].add(pk)
        refused = set()
        for kind, pks in wanted.items():
            scope = choosable(self.for_user, kind)
            if scope is None:
                continue
            allowed = {str(pk) for pk in scope.filter(pk__in=pks).values_list("pk", flat=True)}
            refused |= {(kind, pk) for pk in pks - allowed}
        return refused

    def clean(self):
        cleaned_data = super().clean()
        if self.for_user is None:
            return cleaned_data
        references = {
            name: self.field_references(name, cleaned_data[name])
            for name in self.fields
            if name in cleaned_data
        }
        refused = self.refused_references(set().union(*references.values()))
        for name, field_references in references.items():
            if field_references & refused:
                self.refuse(name, cleaned_data[name], refused)
        return cleaned_data

    def refuse(self, name: str, value, refused: set[Reference]) -> None:
        field = self.fields[name]
        if isinstance(field, BlockField):
            self.add_error(name, _refusal_errors(field.block, value, refused))
            self.masked_values[name] = _without_refused(field.block, value, refused)
        else:
            self.add_error(name, ValidationError(refusal_message(field.queryset.model)))
            self.masked_values[name] = None


class HubsitePageForm(ChoosableContentMixin, WagtailAdminPageForm):
    """The base form of the portal's pages (``PortalPage.base_form_class``)."""
