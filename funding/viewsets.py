"""The applications' admin: a hub's coordinators list, create, edit and move their hub's
applications through the pipeline (``funding.transitions``); partner hubs inspect the ones
shared with them. Built on ``hubsite.admin_views.HubScopedViewSet``: another hub's
application answers 404 on every URL.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic

from funding import cofinancing, services
from funding.forms import ApplicationAdminForm
from funding.models import Application, Status
from funding.permissions import can_comment, can_edit, can_view
from funding.transitions import APPLICATION_TRANSITIONS  # noqa: F401  (the table the views serve)
from hubsite.admin_transitions import (
    TransitionButtonsMixin,
    TransitionListingButtonsMixin,
    TransitionsViewSetMixin,
)
from hubsite.admin_views import HubScopedListingMixin, HubScopedObjectMixin, HubScopedViewSet
from hubsite.models import Hub
from hubsite.transitions import history


class ApplicationFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=gettext_lazy("Étape"), choices=Status.choices)
    hub = ModelChoiceFilter(label=gettext_lazy("Hub porteur"), queryset=Hub.objects.all())

    class Meta:
        model = Application
        fields = ["status", "hub"]


class ApplicationIndexView(HubScopedListingMixin, TransitionListingButtonsMixin, generic.IndexView):
    def get_base_queryset(self):
        # Wider than the lead hub's: the partner hubs list the applications shared with them.
        return Application.objects.visible_to(self.request.user).select_related(
            "hub", "call__programme__funder"
        )


def _plan_context(application: Application) -> dict:
    plan = cofinancing.plan_of(application)
    return {
        "problems": cofinancing.problems(plan),
        "plan_total": plan.total(),
        "plan": plan,
    }


class ApplicationInspectView(HubScopedObjectMixin, TransitionButtonsMixin, generic.InspectView):
    template_name = "funding/admin/application_inspect.html"

    def get_object(self, queryset=None):
        # Partners inspect too: the rule is can_view, not the lead hub's.
        obj = generic.InspectView.get_object(self, queryset)
        if not can_view(self.request.user, obj):
            raise Http404
        return obj

    def get_context_data(self, **kwargs):
        application = self.object
        context = super().get_context_data(**kwargs)
        context.update(_plan_context(application))
        context.update(
            application=application,
            lines=application.plan.select_related("funder"),
            payments=application.payments.all(),
            received=application.payments.filter(received_on__isnull=False).aggregate(
                total=Sum("amount")
            )["total"],
            deadlines=application.deadlines.all(),
            documents=application.documents.all(),
            comments=application.comments.select_related("author"),
            moves=history(application, limit=50),
            may_edit=can_edit(self.request.user, application),
            edit_url=reverse("funding_applications:edit", args=[quote(application.pk)]),
        )
        return context


class ApplicationSaveMixin:
    def save_instance(self):
        instance = super().save_instance()
        services.application_saved(application=instance)
        return instance

    def get_success_url(self):
        return reverse("funding_applications:inspect", args=[quote(self.object.pk)])


class ApplicationCreateView(ApplicationSaveMixin, generic.CreateView):
    pass


class ApplicationEditView(ApplicationSaveMixin, TransitionButtonsMixin, generic.EditView):
    template_name = "funding/admin/application_edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_plan_context(self.object))
        return context


class CommentView(View):
    """Add a comment to an application (POST only): its lead and partner hubs' coordinators."""

    model = Application  # what its URL's pk names
    http_method_names = ["post"]

    def post(self, request, pk):
        application = get_object_or_404(Application, pk=pk)
        if not can_comment(request.user, application):
            raise Http404
        try:
            services.add_comment(
                application=application, author=request.user, text=request.POST.get("text", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Commentaire ajouté."))
        return redirect("funding_applications:inspect", quote(application.pk))


def _status_label(application: Application) -> str:
    return application.get_status_display()


class ApplicationViewSet(TransitionsViewSetMixin, HubScopedViewSet):
    model = Application
    icon = "money"
    menu_label = gettext_lazy("Candidatures")
    menu_name = "funding_applications"
    menu_order = 300
    add_to_admin_menu = True
    url_prefix = "financements/candidatures"
    url_namespace = "funding_applications"
    inspect_view_enabled = True
    list_per_page = 50
    search_fields = ["title", "description"]
    search_backend_name = None
    filterset_class = ApplicationFilterSet
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    add_view_class = ApplicationCreateView
    edit_view_class = ApplicationEditView
    list_display = [
        "title",
        Column("hub", label=gettext_lazy("Hub porteur"), sort_key="hub__name"),
        Column("call", label=gettext_lazy("Appel")),
        Column("status", label=gettext_lazy("Étape"), accessor=_status_label, sort_key="status"),
        Column("amount_requested", label=gettext_lazy("Demandé (€)"), sort_key="amount_requested"),
        Column("amount_granted", label=gettext_lazy("Accordé (€)"), sort_key="amount_granted"),
        DateColumn("updated_at", label=gettext_lazy("Mise à jour"), sort_key="updated_at"),
    ]
    list_export = [
        "title",
        "hub",
        "call",
        "status",
        "total_budget",
        "amount_requested",
        "amount_granted",
        "submitted_on",
        "decided_on",
        "agreement_signed_on",
        "agreement_ends_on",
        "final_report_due_on",
    ]
    export_filename = "candidatures"
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("call"),
                    FieldRowPanel([FieldPanel("hub"), FieldPanel("partner_hubs")]),
                    FieldPanel("solutions"),
                    FieldPanel("description"),
                ],
                heading=gettext_lazy("Projet"),
            ),
            ObjectList(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("total_budget"),
                            FieldPanel("amount_requested"),
                            FieldPanel("amount_granted"),
                        ]
                    ),
                    InlinePanel(
                        "plan",
                        heading=gettext_lazy("Plan de financement"),
                        label=gettext_lazy("Source"),
                    ),
                ],
                heading=gettext_lazy("Budget et cofinancement"),
            ),
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("submitted_on"), FieldPanel("decided_on")]),
                    FieldRowPanel(
                        [FieldPanel("agreement_signed_on"), FieldPanel("agreement_ends_on")]
                    ),
                    FieldPanel("final_report_due_on"),
                    InlinePanel(
                        "payments",
                        heading=gettext_lazy("Versements"),
                        label=gettext_lazy("Versement"),
                    ),
                    InlinePanel(
                        "deadlines",
                        heading=gettext_lazy("Échéances"),
                        label=gettext_lazy("Échéance"),
                    ),
                ],
                heading=gettext_lazy("Dates et versements"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "documents", heading=gettext_lazy("Pièces"), label=gettext_lazy("Pièce")
                    )
                ],
                heading=gettext_lazy("Pièces du dossier"),
            ),
        ],
        base_form_class=ApplicationAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("comment/<int:pk>/", CommentView.as_view(), name="comment"),
        ]


application_viewset = ApplicationViewSet("funding_applications")
