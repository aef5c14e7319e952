"""The calls for projects in the admin: the national team creates one, changes what it asks
(dates, eligibility, documents, economic rules, how it is reviewed) and deletes it while no
hub has a dossier for it (``projects.permissions.calls``). Wagtail's views log each change
in the call's history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from hubsite.admin_views import RefusalView
from projects.models import ProjectCall
from projects.permissions.calls import call_permission_policy, can_delete_call, can_set_up_call
from projects.services import calls as call_services
from projects.services import grids
from projects.viewsets.call_form import CallForm, GridLinkPanel, RulesPanel


class RefusalsAsFormErrorsMixin:
    """A write the service refuses under its lock (a review started meanwhile) shows its
    message on the form, whatever was typed kept."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)

    def get_success_url(self):
        return reverse("projects_calls")

    def get_success_buttons(self):
        return [
            *super().get_success_buttons(),
            messages.button(
                reverse("projects_call_grid", args=[self.object.pk]),
                _("Grille de notation"),
            ),
        ]


class CallCreateView(RefusalsAsFormErrorsMixin, generic.CreateView):
    def save_instance(self):
        # Inside the view's transaction: the grid goes if the call is not saved.
        self.form.instance.grid = call_services.grid_for_new_call(
            title=self.form.cleaned_data["title"],
            source=self.form.cleaned_data.get("grid_source"),
        )
        return super().save_instance()


class CallEditView(RefusalsAsFormErrorsMixin, generic.EditView):
    def save_instance(self):
        call = super().save_instance()
        source = self.form.cleaned_data.get("grid_source")
        if source is not None:
            call.grid = grids.replace_grid_by_copy(
                call=call, source_call=source, by=self.request.user
            )
        return call


def refused(request, error: ValidationError):
    return RefusalView.as_view(reason=" ".join(error.messages))(request)


class CallDeleteView(generic.DeleteView):
    """Deleting a call some hub has a dossier for is refused with its reason, even when the
    dossier came between the confirmation page and the POST."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if can_set_up_call(user) and not can_delete_call(user, self.object):
            return refused(request, call_services.has_dossiers_error())
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            return refused(self.request, error)

    def get_success_url(self):
        return reverse("projects_calls")

    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete")
            call_services.delete_call(call=self.object, by=self.request.user)


def field(name: str, help_text) -> FieldPanel:
    return FieldPanel(name, help_text=help_text)


PANELS = [
    field("title", gettext_lazy("Le nom sous lequel les hubs voient l'appel.")),
    field(
        "slug",
        gettext_lazy(
            "L'identifiant de l'appel dans les adresses et les exports ; laissé vide, il est "
            "tiré du titre."
        ),
    ),
    field("envelope", gettext_lazy("Le montant total que l'appel peut accorder, en euros.")),
    MultiFieldPanel(
        [
            FieldRowPanel(
                [
                    field("opens_on", gettext_lazy("Premier jour où un hub peut déposer.")),
                    field("closes_on", gettext_lazy("Dernier jour de dépôt, après l'ouverture.")),
                    field(
                        "review_deadline",
                        gettext_lazy("Après la clôture ; les relecteurs sont relancés avant."),
                    ),
                ]
            ),
        ],
        heading=gettext_lazy("Calendrier"),
    ),
    field("eligibility", gettext_lazy("Qui peut déposer, et à quelles conditions.")),
    field(
        "required_documents",
        gettext_lazy("Une pièce par ligne : chaque dossier doit joindre chacune pour être déposé."),
    ),
    RulesPanel(
        "rules",
        heading=gettext_lazy("Règles du modèle économique"),
        label=gettext_lazy("Règle"),
        help_text=gettext_lazy(
            "Chaque dossier est jugé sur ces règles : par exemple, la part de ce financeur au "
            "plus 50 % du budget."
        ),
        panels=[
            field("kind", gettext_lazy("Une règle au plus de chaque sorte.")),
            field(
                "threshold",
                gettext_lazy(
                    "Un pourcentage, ou un numéro d'année pour l'équilibre ; 0 si sans objet."
                ),
            ),
        ],
    ),
    MultiFieldPanel(
        [
            field(
                "grid_source",
                gettext_lazy(
                    "Ses sections et critères sont copiés ; la copie se modifie ensuite sans "
                    "toucher à l'autre appel."
                ),
            ),
            GridLinkPanel(),
            field(
                "reviewers_per_dossier",
                gettext_lazy("Combien de relecteurs notent chaque dossier."),
            ),
            field(
                "blind_review",
                gettext_lazy(
                    "Un relecteur ne voit les notes et commentaires des autres qu'après avoir "
                    "envoyé les siens."
                ),
            ),
            field(
                "reviewer_names_shared",
                gettext_lazy("Les hubs lisent le nom des relecteurs avec la décision."),
            ),
        ],
        heading=gettext_lazy("Relecture"),
    ),
]


class CallViewSet(ModelViewSet):
    model = ProjectCall
    permission_policy = call_permission_policy
    icon = "list-ul"
    menu_label = gettext_lazy("Appels à projets")
    url_prefix = "appels/reglages"
    url_namespace = "projects_call_admin"
    add_view_class = CallCreateView
    edit_view_class = CallEditView
    delete_view_class = CallDeleteView
    copy_view_enabled = False
    search_fields = ["title"]
    search_backend_name = None
    list_display = [
        "title",
        DateColumn("opens_on", label=gettext_lazy("Ouverture")),
        DateColumn("closes_on", label=gettext_lazy("Clôture des dépôts")),
    ]
    edit_handler = ObjectList(PANELS, base_form_class=CallForm)


call_viewset = CallViewSet()
