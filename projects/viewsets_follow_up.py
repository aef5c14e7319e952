"""The admin of where solutions run and of who asks for them: deployments (the hub of their
département, the members of the organisation that runs them) and take-up requests (the hub
of the requester's commune and the solution's organisation, who move them along:
``projects.transitions``). Both built on hubsite's guarded viewsets."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from hubsite.admin_transitions import (
    TransitionButtonsMixin,
    TransitionForm,
    TransitionListingButtonsMixin,
    TransitionsViewSetMixin,
    TransitionView,
)
from hubsite.admin_views import HubScopedViewSet
from hubsite.transitions import history
from projects import services
from projects.admin_forms import DeploymentForm
from projects.models import Deployment, TakeUpRequest, TakeUpStatus
from projects.transitions import DEPLOY, TAKE_UP_TRANSITIONS  # noqa: F401  (the table served)

DEPLOYMENT_PANELS = ObjectList(
    [
        # A plain list: the solution chooser shows only the user's own solutions, and any
        # published one may be taken up.
        FieldPanel(
            "solution",
            widget=forms.Select,
            help_text=gettext_lazy(
                "La solution déployée : la vôtre, ou une solution publiée que vous reprenez."
            ),
        ),
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("departement"), FieldPanel("commune")]),
        FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")]),
        FieldPanel("people_reached"),
        # Its help says where the venues offered come from (DeploymentForm.offer_venues).
        FieldPanel("venues"),
    ],
    base_form_class=DeploymentForm,
)


class DeploymentCreateView(generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.declared_by = self.request.user
        instance.save()
        self.form.save_m2m()
        return instance


class DeploymentIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("solution", "organisation", "departement", "commune")
        )


class DeploymentViewSet(HubScopedViewSet):
    model = Deployment
    name = "deployments"
    icon = "site"
    menu_label = gettext_lazy("Déploiements")
    menu_name = "deployments"
    menu_order = 121
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = DeploymentIndexView
    add_view_class = DeploymentCreateView
    list_display = ["solution", "organisation", "departement", "commune", "started_on"]
    list_filter = ["departement"]
    search_fields = ["solution__title", "organisation__name"]
    list_export = ["solution", "organisation", "departement", "commune", "started_on", "ended_on"]
    edit_handler = DEPLOYMENT_PANELS
    inspect_view_fields = ["solution", "organisation", "departement", "commune", "started_on"]


class DeployForm(TransitionForm):
    started_on = forms.DateField(
        label=gettext_lazy("Déployée depuis le"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Le déploiement est créé dans la commune de la demande."),
    )


class TakeUpTransitionView(TransitionView):
    """hubsite's confirmation of a move, through ``projects.services.move_take_up``: it
    creates the deployment and tells both sides."""

    def get_form_class(self):
        return DeployForm if self.transition.name == DEPLOY.name else TransitionForm

    def form_valid(self, form):
        try:
            services.move_take_up(
                request=self.object,
                to=self.transition.target,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
                started_on=form.cleaned_data.get("started_on"),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except PermissionDenied as refusal:
            messages.error(self.request, str(refusal))
            return redirect(self.object_url())
        messages.success(
            self.request,
            _("« %(object)s » : %(status)s.")
            % {"object": self.object, "status": TakeUpStatus(self.transition.target).label.lower()},
        )
        return redirect(self.object_url())


class TakeUpIndexView(TransitionListingButtonsMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("solution", "commune")


class TakeUpInspectView(TransitionButtonsMixin, generic.InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["moves"] = history(self.object, limit=50)
        return context


class TakeUpEditView(TransitionButtonsMixin, generic.EditView):
    pass


class TakeUpRequestViewSet(TransitionsViewSetMixin, HubScopedViewSet):
    model = TakeUpRequest
    name = "take_up_requests"
    url_prefix = "demandes-de-deploiement"
    icon = "mail"
    menu_label = gettext_lazy("Demandes de déploiement")
    menu_name = "take_up_requests"
    menu_order = 122
    add_to_admin_menu = True
    add_view_enabled = False  # they come from the public form
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = TakeUpIndexView
    inspect_view_class = TakeUpInspectView
    edit_view_class = TakeUpEditView
    transition_view_class = TakeUpTransitionView
    list_display = [
        "solution",
        "requester_name",
        "structure",
        "commune",
        Column("status", label=gettext_lazy("État"), accessor="get_status_display"),
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["requester_name", "structure", "solution__title"]
    list_export = ["solution", "requester_kind", "structure", "commune", "status", "created_at"]
    # Who asked and what for is theirs: both sides read it, neither rewrites it.
    form_fields = ["need"]
    inspect_view_fields = [
        "solution",
        "requester_kind",
        "requester_name",
        "structure",
        "email",
        "phone",
        "commune",
        "need",
        "status",
        "deployment",
        "created_at",
    ]


deployment_viewset = DeploymentViewSet()
take_up_viewset = TakeUpRequestViewSet()
