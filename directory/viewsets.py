"""The venues' admin: coordinators list, edit, place, qualify, suspend, bulk-qualify and import
the venues of their hub's départements, and deal with the errors the public reports. Qualify
and suspend are hubsite's transition view, drawn from ``directory.transitions``.

The viewset is built on ``hubsite.admin_views.HubScopedSnippetViewSet``: every generic view
takes its venue among those of the user's hubs (another hub's venue answers 404), its listing,
filters and chooser show only those. The views of this module that take an object from the
URL themselves (qualification, error reports) check their rule on that very object.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from directory import admin_exports, services
from directory.admin_filters import VenueListingFilterSet, open_reports
from directory.choosers import VenueChooserViewSet
from directory.forms import VenueAdminForm
from directory.models import (
    ErrorReport,
    Venue,
)
from directory.permissions import (
    can_import,
    can_resolve_report,
)
from directory.transitions import VENUE_TRANSITIONS  # noqa: F401  (the table the views serve)
from directory.views_import import ImportView
from directory.views_import_jobs import ImportJobRejectedView, ImportJobView
from directory.views_mapping import MappingBuildView
from directory.viewsets_confirmation import (
    CampaignView,
    ConfirmVenueView,
    RequestConfirmationView,
    ReviewConfirmationView,
    RevokeConfirmationView,
)
from hubsite.admin_transitions import (
    TransitionButtonsMixin,
    TransitionListingButtonsMixin,
    TransitionsViewSetMixin,
)
from hubsite.admin_views import HubScopedSnippetViewSet
from hubsite.transitions import history


class VenueIndexView(TransitionListingButtonsMixin, snippet_views.IndexView):
    custom_field_preprocess = admin_exports.VENUE_EXPORT_PREPROCESS

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_import(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Importer un fichier"), url=reverse("venues:import"), icon_name="upload"
                )
            )
            buttons.append(
                HeaderButton(
                    _("Campagne de confirmation"),
                    url=reverse("venues:confirmation_campaign"),
                    icon_name="mail",
                )
            )
        return buttons


class VenueEditView(TransitionButtonsMixin, snippet_views.EditView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_reports"] = self.object.error_reports.filter(resolved_at__isnull=True)
        context["inspect_url"] = reverse("venues:inspect", args=[quote(self.object.pk)])
        return context


class VenueInspectView(TransitionButtonsMixin, snippet_views.InspectView):
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, list):
            return ", ".join(str(item) for item in value) or "-"
        if isinstance(value, bool):
            return _("oui") if value else _("non")
        return value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = self.object.error_reports.select_related("resolved_by")
        context["moves"] = history(self.object, limit=50)
        context["confirmations"] = self.object.confirmation_requests.all()[:20]
        context["history_url"] = reverse("venues:history", args=[quote(self.object.pk)])
        return context


class ResolveReportView(View):
    """Mark an error report as dealt with (POST only)."""

    model = ErrorReport  # what its URL's pk names
    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(ErrorReport.objects.select_related("venue"), pk=pk)
        if not can_resolve_report(request.user, report):
            raise PermissionDenied
        try:
            services.resolve_error_report(report=report, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Signalement marqué comme résolu."))
        return redirect("venues:inspect", quote(report.venue_id))


def _status_label(venue: Venue) -> str:
    return venue.get_status_display()


def _reports_label(venue: Venue) -> str:
    return _("à traiter") if getattr(venue, "has_open_reports", False) else ""


def _confirmed_label(venue: Venue) -> str:
    if venue.confirmed_at is None:
        return _("jamais")
    label = date_format(timezone.localtime(venue.confirmed_at), "SHORT_DATE_FORMAT")
    return label if venue.is_confirmed_recently else _("%(date)s (plus d'un an)") % {"date": label}


class VenueViewSet(TransitionsViewSetMixin, HubScopedSnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = gettext_lazy("Lieux")
    menu_name = "venues"
    menu_order = 250
    add_to_admin_menu = True
    base_url_path = "lieux"
    admin_url_namespace = "venues"
    inspect_view_enabled = True
    list_per_page = 50
    search_fields = ["name", "commune_name", "postcode", "address", "source_id"]
    search_backend_name = None
    filterset_class = VenueListingFilterSet
    list_display = [
        "name",
        "commune_name",
        Column("departement", label=gettext_lazy("Département"), sort_key="departement"),
        Column(
            "status", label=gettext_lazy("Qualification"), accessor=_status_label, sort_key="status"
        ),
        Column("open_reports", label=gettext_lazy("Signalements"), accessor=_reports_label),
        DateColumn("updated_on", label=gettext_lazy("Mise à jour"), sort_key="updated_on"),
        Column(
            "confirmed_at",
            label=gettext_lazy("Confirmé"),
            accessor=_confirmed_label,
            sort_key="confirmed_at",
        ),
    ]
    list_export = admin_exports.VENUE_EXPORT
    export_headings = admin_exports.VENUE_EXPORT_HEADINGS
    export_filename = "lieux"
    inspect_view_fields = [
        "name",
        "status",
        "source",
        "source_id",
        "pivot",
        "typology",
        "parent_structure",
        "address",
        "address_complement",
        "postcode",
        "commune_name",
        "insee_code",
        "departement",
        "latitude",
        "longitude",
        "position_is_approximate",
        "itinerance",
        "summary",
        "description",
        "services",
        "publics",
        "specific_support",
        "fees",
        "accepts_pass_numerique",
        "national_programmes",
        "training_labels",
        "other_labels",
        "access_modes",
        "support_modes",
        "opening_hours",
        "phone",
        "emails",
        "websites",
        "booking_url",
        "accessibility_url",
        "updated_on",
        "confirmed_at",
        "confirmation_opt_out",
        "is_demo",
    ]

    index_view_class = VenueIndexView
    edit_view_class = VenueEditView
    inspect_view_class = VenueInspectView
    chooser_viewset_class = VenueChooserViewSet

    edit_template_name = "directory/admin/venue_edit.html"
    inspect_template_name = "directory/admin/venue_inspect.html"

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldRowPanel([FieldPanel("pivot"), FieldPanel("typology")]),
                    FieldPanel("parent_structure"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                ],
                heading=gettext_lazy("Identité"),
            ),
            ObjectList(
                [
                    FieldPanel("address"),
                    FieldPanel("address_complement"),
                    FieldRowPanel(
                        [
                            FieldPanel("postcode"),
                            FieldPanel("commune_name"),
                            FieldPanel("insee_code"),
                        ]
                    ),
                    MultiFieldPanel(
                        [FieldPanel("latitude"), FieldPanel("longitude")],
                        heading=gettext_lazy("Position sur la carte"),
                        help_text=gettext_lazy(
                            "Laissez vide pour placer le lieu au centre de sa commune."
                        ),
                    ),
                    FieldPanel("itinerance"),
                ],
                heading=gettext_lazy("Adresse et position"),
            ),
            ObjectList(
                [
                    FieldPanel("services"),
                    FieldPanel("publics"),
                    FieldPanel("specific_support"),
                    FieldPanel("fees"),
                    FieldPanel("accepts_pass_numerique"),
                    FieldPanel("access_modes"),
                    FieldPanel("support_modes"),
                    FieldPanel("national_programmes"),
                    FieldPanel("training_labels"),
                    FieldPanel("other_labels"),
                ],
                heading=gettext_lazy("Offre"),
            ),
            ObjectList(
                [
                    FieldPanel("opening_hours"),
                    FieldPanel("phone"),
                    FieldPanel("emails"),
                    FieldPanel("websites"),
                    FieldPanel("booking_url"),
                    FieldPanel("accessibility_url"),
                ],
                heading=gettext_lazy("Horaires et contact"),
            ),
        ],
        base_form_class=VenueAdminForm,
    )

    def get_queryset(self, request):
        # Kept to the user's hubs by the base's listing.
        return Venue.objects.select_related("departement").annotate(
            has_open_reports=Exists(open_reports())
        )

    @property
    def import_view(self):
        return self.construct_view(ImportView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", self.import_view, name="import"),
            path("import/correspondance/", MappingBuildView.as_view(), name="import_mapping"),
            path("import/<int:pk>/", ImportJobView.as_view(), name="import_job"),
            path(
                "import/<int:pk>/rejets.csv",
                ImportJobRejectedView.as_view(),
                name="import_job_rejected",
            ),
            path("reports/<int:pk>/resolve/", ResolveReportView.as_view(), name="resolve_report"),
            path("<int:pk>/confirmer/", ConfirmVenueView.as_view(), name="confirm"),
            path(
                "<int:pk>/demander-confirmation/",
                RequestConfirmationView.as_view(),
                name="request_confirmation",
            ),
            path(
                "confirmations/<int:pk>/",
                ReviewConfirmationView.as_view(),
                name="review_confirmation",
            ),
            path(
                "confirmations/<int:pk>/annuler/",
                RevokeConfirmationView.as_view(),
                name="revoke_confirmation",
            ),
            path("campagne-confirmation/", CampaignView.as_view(), name="confirmation_campaign"),
        ]


venue_viewset = VenueViewSet()
