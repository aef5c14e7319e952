"""The dossier form's parts beside its fields: the documents, whose kind is one the call
asks for, and the list of those still missing."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel, Panel

from projects.models import OTHER_DOCUMENT, ProjectCall


def document_kinds(call: ProjectCall | None) -> list[str]:
    """The kinds a dossier's document may have: its call's (every open call's while the
    dossier has none yet), then "other"."""
    calls = [call] if call is not None else ProjectCall.objects.open_on()
    kinds = [kind for each in calls for kind in each.required_document_kinds()]
    return [*dict.fromkeys(kinds), str(OTHER_DOCUMENT)]


class DossierDocumentForm(WagtailAdminModelForm):
    """A document of the dossier: its kind chosen among those its call asks for."""

    def __init__(self, *args, kinds: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            offered = list(kinds)
            if self.instance.kind and self.instance.kind not in offered:
                offered.append(self.instance.kind)
            self.fields["kind"] = forms.ChoiceField(
                label=self.fields["kind"].label,
                help_text=self.fields["kind"].help_text,
                choices=[("", "---------"), *((kind, kind) for kind in offered)],
            )


class DocumentsPanel(InlinePanel):
    """An inline panel whose forms take the call's kinds of documents (``kinds``, given by
    the dossier's form)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = DossierDocumentForm
        return options


class MissingDocumentsPanel(Panel):
    """The documents the call asks for that the saved dossier does not hold yet."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "projects/admin/missing_documents_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            if self.instance.pk:
                context["missing"] = self.instance.missing_documents()
                context["saved"] = True
            return context
