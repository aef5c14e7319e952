"""The hubs' dossiers in the admin: a hub writes its dossier, budget and financing plan and
sees its economic model judged against the call's rules; the national team moves it along
its path (``projects.transitions``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views import snippets as snippet_views

from hubsite.admin_transitions import (
    TransitionButtonsMixin,
    TransitionListingButtonsMixin,
    TransitionsViewSetMixin,
)
from hubsite.admin_views import HubScopedSnippetViewSet
from hubsite.models import Departement, Hub
from hubsite.transitions import history
from projects import economics
from projects.decision_views import DossierTransitionView, FollowUpButtonMixin
from projects.models import Dossier, ProjectCall, Solution
from projects.permissions import can_write_dossier
from projects.versions import compare
from projects.viewsets.dossier_documents import DossierDocumentView
from projects.viewsets.dossier_panels import (
    DocumentsPanel,
    MissingDocumentsPanel,
    document_kinds,
)


def economic_context(dossier: Dossier) -> dict:
    """What the economic-model include shows for ``dossier``, computed once."""
    model = dossier.economic_model()
    return {
        "model": model,
        "rules": dossier.rule_results(model),
        "chart": economics.chart(model),
    }


def changes_context(dossier: Dossier, since: str | None = None) -> dict:
    """What changed in the last version ``dossier`` submitted since the version numbered
    ``since`` (the one before the last by default); nothing before a second version."""
    versions = list(dossier.versions.order_by("number"))
    if len(versions) < 2:
        return {"changes": None}
    latest, earlier = versions[-1], versions[:-1]
    base = next((v for v in earlier if str(v.number) == since), earlier[-1])
    return {
        "changes": compare(base.content, latest.content),
        "changes_base": base,
        "changes_latest": latest,
        "changes_choices": earlier,
    }


class EconomicModelPanel(Panel):
    """The dossier's model as last saved, judged against its call's rules: saving the draft
    recomputes it, so it works without JavaScript."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "projects/admin/economic_model_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            if self.instance.pk:
                context.update(economic_context(self.instance))
            return context


class DossierForm(WagtailAdminModelForm):
    """Only the user's hubs, the calls open now, their hub's départements and published
    solutions can be chosen; a dossier's hub and call are set once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        hubs = Hub.objects.visible_to(user) if user is not None else Hub.objects.none()
        editing = self.instance.pk is not None
        if "hub" in self.fields:
            self.fields["hub"].queryset = hubs
            if editing:
                self.fields["hub"].disabled = True
            elif hubs.count() == 1:
                self.fields["hub"].initial = hubs.get()
        if "call" in self.fields:
            self.fields["call"].queryset = ProjectCall.objects.open_on()
            if editing:
                self.fields["call"].queryset = ProjectCall.objects.filter(pk=self.instance.call_id)
                self.fields["call"].disabled = True
        if "departements" in self.fields:
            self.fields["departements"].queryset = Departement.objects.filter(hub__in=hubs)
        if "solutions" in self.fields:
            self.fields["solutions"].queryset = Solution.objects.published().order_by("title")
        if "documents" in self.formsets:
            call = self.instance.call if self.instance.call_id else None
            self.formsets["documents"].form_kwargs["kinds"] = document_kinds(call)

    def clean(self):
        cleaned = super().clean()
        hub = cleaned.get("hub") or (self.instance.hub if self.instance.hub_id else None)
        if hub is not None:
            foreign = [d for d in cleaned.get("departements") or () if d.hub_id != hub.pk]
            if foreign:
                self.add_error(
                    "departements",
                    ValidationError(
                        _("%(list)s ne relève pas du hub %(hub)s.")
                        % {"list": ", ".join(str(d) for d in foreign), "hub": hub}
                    ),
                )
            call = cleaned.get("call")
            if (
                not self.instance.pk
                and call
                and Dossier.objects.filter(call=call, hub=hub).exists()
            ):
                self.add_error(
                    "call", _("Le hub %(hub)s a déjà un dossier pour cet appel.") % {"hub": hub}
                )
        return cleaned


class DossierCreateView(snippet_views.CreateView):
    def get_success_url(self):
        # The hub's own form again: it now shows the model its figures make.
        return reverse("dossiers:edit", args=[self.object.pk])


class DossierEditView(TransitionButtonsMixin, snippet_views.EditView):
    def get_success_url(self):
        return reverse("dossiers:edit", args=[self.object.pk])

    def dispatch(self, request, *args, **kwargs):
        if not can_write_dossier(request.user, self.object):
            messages.info(
                request,
                _(
                    "Ce dossier est « %(status)s » : il ne peut être modifié que si l'équipe "
                    "nationale demande des compléments."
                )
                % {"status": self.object.get_status_display()},
            )
            return redirect(reverse("dossiers:inspect", args=[self.object.pk]))
        return super().dispatch(request, *args, **kwargs)


class DossierInspectView(FollowUpButtonMixin, TransitionButtonsMixin, snippet_views.InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(economic_context(self.object))
        context["moves"] = history(self.object, limit=50)
        context["versions"] = self.object.versions.select_related("submitted_by")
        context.update(changes_context(self.object, self.request.GET.get("depuis")))
        return context


class DossierIndexView(TransitionListingButtonsMixin, snippet_views.IndexView):
    pass


class DossierViewSet(TransitionsViewSetMixin, HubScopedSnippetViewSet):
    model = Dossier
    icon = "doc-full"
    menu_label = gettext_lazy("Dossiers")
    menu_name = "dossiers"
    menu_order = 320
    add_to_admin_menu = True
    base_url_path = "dossiers"
    admin_url_namespace = "dossiers"
    inspect_view_enabled = True
    search_fields = ["title", "summary"]
    search_backend_name = None
    list_filter = ["call", "status"]
    list_display = [
        "title",
        Column("hub", label=gettext_lazy("Hub"), sort_key="hub__name"),
        Column("call", label=gettext_lazy("Appel")),
        Column("status", label=gettext_lazy("État"), accessor="get_status_display"),
        DateColumn("updated_at", label=gettext_lazy("Mis à jour"), sort_key="updated_at"),
    ]
    list_export = ["title", "hub", "call", "status", "updated_at"]
    export_filename = "dossiers"
    inspect_view_fields = [
        "hub",
        "call",
        "title",
        "status",
        "summary",
        "objectives",
        "departements",
        "priority_neighbourhoods",
        "solutions",
    ]
    index_view_class = DossierIndexView
    add_view_class = DossierCreateView
    edit_view_class = DossierEditView
    inspect_view_class = DossierInspectView
    inspect_template_name = "projects/admin/dossier_inspect.html"
    transition_view_class = DossierTransitionView

    # One page, no tabs: Wagtail's tabs show nothing without JavaScript, and the hub must be
    # able to write its budget and see its model without it.
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("hub"),
                    FieldPanel("call"),
                    FieldPanel("title"),
                    FieldPanel("summary"),
                    FieldPanel("objectives"),
                    FieldPanel("departements", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("priority_neighbourhoods"),
                    FieldPanel("solutions", widget=forms.CheckboxSelectMultiple),
                ],
                heading=gettext_lazy("Le projet"),
            ),
            InlinePanel(
                "actions", heading=gettext_lazy("Plan d'action"), label=gettext_lazy("Action")
            ),
            InlinePanel(
                "partners", heading=gettext_lazy("Partenaires"), label=gettext_lazy("Partenaire")
            ),
            DocumentsPanel(
                "documents", heading=gettext_lazy("Pièces"), label=gettext_lazy("Pièce")
            ),
            MissingDocumentsPanel(heading=gettext_lazy("Pièces manquantes")),
            InlinePanel(
                "expenses", heading=gettext_lazy("Dépenses"), label=gettext_lazy("Dépense")
            ),
            InlinePanel(
                "financing",
                heading=gettext_lazy("Plan de financement"),
                label=gettext_lazy("Financement"),
            ),
            EconomicModelPanel(heading=gettext_lazy("Le modèle économique")),
            InlinePanel(
                "indicators",
                heading=gettext_lazy("Indicateurs et cibles par année"),
                label=gettext_lazy("Indicateur"),
            ),
        ],
        base_form_class=DossierForm,
    )

    def get_queryset(self, request):
        return Dossier.objects.select_related("hub", "call")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "document/<int:pk>/<int:document_id>/",
                DossierDocumentView.as_view(),
                name="document",
            ),
        ]


dossier_viewset = DossierViewSet()
