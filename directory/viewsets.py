"""The venues' admin: coordinators list, edit, place, qualify, suspend, bulk-qualify and import
the venues of their hub's départements, and deal with the errors the public reports.

Wagtail's generic views check permissions per model; every view here that takes a venue
(or an error report) from the URL also checks ``can_edit`` on that very object, so a forged
URL to another hub's venue is refused (PermissionDenied: Wagtail redirects to the dashboard
with an error message).
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property, classproperty
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView
from django_filters import BooleanFilter, ChoiceFilter, ModelChoiceFilter
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from directory import import_jobs, services
from directory.forms import (
    BulkQualifyForm,
    ImportForm,
    QualificationForm,
    VenueAdminForm,
    import_max_bytes,
)
from directory.importer import ImportFileError, import_file
from directory.models import ErrorReport, PendingImport, Status, Venue, stale_before
from directory.permissions import (
    can_edit,
    can_import,
    can_qualify,
    can_resolve_report,
    editable_departements,
)
from directory.views_import_jobs import ImportJobRejectedView, ImportJobView
from hubsite.models import Departement, Hub


def _open_reports():
    return ErrorReport.objects.filter(venue=OuterRef("pk"), resolved_at__isnull=True)


class VenueFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=gettext_lazy("Qualification"), choices=Status.choices)
    departement = ModelChoiceFilter(
        label=gettext_lazy("Département"), queryset=Departement.objects.none()
    )
    has_open_reports = BooleanFilter(
        label=gettext_lazy("Signalements à traiter"), method="filter_open_reports"
    )
    position_is_approximate = BooleanFilter(label=gettext_lazy("Position approximative"))
    is_demo = BooleanFilter(label=gettext_lazy("Lieu de démonstration"))
    hub = ModelChoiceFilter(
        label=gettext_lazy("Hub"), field_name="departement__hub", queryset=Hub.objects.none()
    )
    stale = BooleanFilter(label=gettext_lazy("Non mis à jour depuis un an"), method="filter_stale")

    class Meta:
        model = Venue
        fields = ["status", "departement", "has_open_reports", "position_is_approximate", "is_demo"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        codes = editable_departements(request.user) if request else frozenset()
        departements = Departement.objects.all()
        if codes is not None:
            departements = departements.filter(code__in=codes)
        self.filters["departement"].queryset = departements
        self.filters["hub"].queryset = (
            Hub.objects.visible_to(request.user) if request else Hub.objects.none()
        )

    def filter_stale(self, queryset, name, value):
        if value is None:
            return queryset
        stale = Q(updated_on__lt=stale_before())
        return queryset.filter(stale) if value else queryset.exclude(stale)

    def filter_open_reports(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(Exists(_open_reports()))
            if value
            else queryset.exclude(Exists(_open_reports()))
        )


class GuardedObjectMixin:
    """Refuses a venue the user may not manage, whatever URL they typed."""

    def get_object(self, *args, **kwargs):
        venue = super().get_object(*args, **kwargs)
        if not can_edit(self.request.user, venue):
            raise PermissionDenied
        return venue


def _qualification_items(user, venue: Venue) -> list[tuple[str, str, str]]:
    """(label, url name, icon) for each status move the user may make on ``venue``."""
    if not can_qualify(user, venue):
        return []
    allowed = services.allowed_transitions(venue)
    items = []
    if Status.QUALIFIED in allowed:
        items.append((_("Qualifier"), "venues:qualify", "tick"))
    if Status.SUSPENDED in allowed:
        items.append((_("Suspendre"), "venues:suspend", "warning"))
    return items


def _qualification_buttons(view, *, first_priority: int) -> list[Button]:
    """The "more" header buttons of a venue's edit or inspect view that qualify or suspend it."""
    items = _qualification_items(view.request.user, view.object)
    return [
        Button(
            label,
            url=reverse(url_name, args=[quote(view.object.pk)]),
            icon_name=icon,
            priority=priority,
        )
        for priority, (label, url_name, icon) in enumerate(items, start=first_priority)
    ]


class VenueIndexView(snippet_views.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for label, url_name, icon in _qualification_items(self.request.user, instance):
            buttons.append(
                MenuItem(label, url=reverse(url_name, args=[quote(instance.pk)]), icon_name=icon)
            )
        return buttons

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_import(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Importer un fichier"), url=reverse("venues:import"), icon_name="upload"
                )
            )
        return buttons


class VenueEditView(GuardedObjectMixin, snippet_views.EditView):
    @cached_property
    def header_more_buttons(self):
        return super().header_more_buttons + _qualification_buttons(self, first_priority=1)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_reports"] = self.object.error_reports.filter(resolved_at__isnull=True)
        context["inspect_url"] = reverse("venues:inspect", args=[quote(self.object.pk)])
        return context


class VenueCreateView(snippet_views.CreateView):
    pass


class VenueCopyView(GuardedObjectMixin, snippet_views.CopyView):
    pass


class VenueDeleteView(GuardedObjectMixin, snippet_views.DeleteView):
    pass


class VenueHistoryView(GuardedObjectMixin, snippet_views.HistoryView):
    pass


class VenueUsageView(GuardedObjectMixin, snippet_views.UsageView):
    pass


class VenueInspectView(GuardedObjectMixin, snippet_views.InspectView):
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, list):
            return ", ".join(str(item) for item in value) or "-"
        if isinstance(value, bool):
            return _("oui") if value else _("non")
        return value

    @cached_property
    def header_more_buttons(self):
        # After the inspect view's own edit and delete buttons.
        return super().header_more_buttons + _qualification_buttons(self, first_priority=11)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = self.object.error_reports.select_related("resolved_by")
        context["events"] = self.object.qualifications.select_related("by")[:50]
        context["history_url"] = reverse("venues:history", args=[quote(self.object.pk)])
        return context


class QualificationView(WagtailAdminTemplateMixin, FormView):
    """Qualify or suspend one venue, with a reason kept in its history."""

    model = Venue
    to_status = Status.QUALIFIED
    template_name = "directory/admin/qualify.html"
    form_class = QualificationForm
    header_icon = "tick"
    breadcrumbs_items = []

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Venue.objects.select_related("departement"), pk=kwargs["pk"]
        )
        if not can_qualify(request.user, self.object):
            raise PermissionDenied

    def get_page_title(self):
        if self.to_status == Status.SUSPENDED:
            return _("Suspendre le lieu")
        return _("Qualifier le lieu")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("venues:list"), "label": _("Lieux")},
            {
                "url": reverse("venues:inspect", args=[quote(self.object.pk)]),
                "label": str(self.object),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["reason_required"] = self.to_status == Status.SUSPENDED
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            allowed=self.to_status in services.allowed_transitions(self.object),
            to_status=Status(self.to_status),
            events=self.object.qualifications.select_related("by")[:20],
            inspect_url=reverse("venues:inspect", args=[quote(self.object.pk)]),
        )
        return context

    def form_valid(self, form):
        service = services.suspend if self.to_status == Status.SUSPENDED else services.qualify
        try:
            service(venue=self.object, by=self.request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("« %(venue)s » : %(status)s.")
            % {"venue": self.object, "status": Status(self.to_status).label.lower()},
        )
        return redirect("venues:inspect", quote(self.object.pk))


class ResolveReportView(View):
    """Mark an error report as dealt with (POST only)."""

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


class ImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a file in the national standard: preview what would change, then import."""

    template_name = "directory/admin/import.html"
    form_class = ImportForm
    page_title = gettext_lazy("Importer des lieux")
    header_icon = "upload"
    breadcrumbs_items = []

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("venues:list"), "label": _("Lieux")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        codes = editable_departements(self.request.user)
        context["departements"] = (
            None if codes is None else Departement.objects.filter(code__in=codes)
        )
        context["max_megabytes"] = import_max_bytes() // (1024 * 1024)
        context["pending_hours"] = round(PendingImport.LIFETIME.total_seconds() / 3600)
        context["shown"] = import_jobs.REJECTED_SHOWN
        context["minus_shown"] = -import_jobs.REJECTED_SHOWN
        context["recent_jobs"] = import_jobs.recent_jobs(self.request.user)
        return context

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm_previewed()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        content = upload.read(import_max_bytes() + 1)
        source = form.cleaned_data["source"]
        dry_run = "import" not in self.request.POST
        if len(content) > import_jobs.inline_max_bytes():
            return self.start_job(upload.name, source, content, dry_run=dry_run)
        report, error = self.run_import(content, upload.name, source, dry_run=dry_run)
        if error:
            form.add_error("file", error)
            return self.form_invalid(form)
        pending = None
        if not dry_run:
            services.forget_pending_imports(user=self.request.user)
        elif report.created or report.updated:
            pending = services.keep_import_for_confirmation(
                user=self.request.user, filename=upload.name, source=source, content=content
            )
        return self.render_to_response(
            self.get_context_data(form=form, report=report, filename=upload.name, pending=pending)
        )

    def confirm_previewed(self):
        """Import the file this very user previewed, without asking for it again. A failed
        import keeps the file, to try again."""
        with transaction.atomic():
            pending = services.claim_pending_import(
                user=self.request.user, token=self.request.POST.get("token", "")
            )
            if pending is None:
                messages.error(
                    self.request,
                    _(
                        "Cette prévisualisation a expiré ou n'est pas la vôtre : "
                        "choisissez le fichier."
                    ),
                )
                return redirect("venues:import")
            if len(pending.content) > import_jobs.inline_max_bytes():
                content = bytes(pending.content)
                pending.delete()
                return self.start_job(pending.filename, pending.source, content, dry_run=False)
            report, error = self.run_import(
                bytes(pending.content), pending.filename, pending.source, dry_run=False
            )
            if error:
                messages.error(self.request, error)
                return redirect("venues:import")
            pending.delete()
        return self.render_to_response(
            self.get_context_data(
                form=self.get_form_class()(), report=report, filename=pending.filename
            )
        )

    def start_job(self, filename: str, source: str, content: bytes, *, dry_run: bool):
        """A file too large to import within the request: its job's page shows the rest."""
        job = import_jobs.start_import_job(
            user=self.request.user,
            filename=filename,
            source=source,
            content=content,
            dry_run=dry_run,
        )
        return redirect("venues:import_job", job.pk)

    def run_import(self, content: bytes, filename: str, source: str, *, dry_run: bool):
        """(report, None), or (None, why nothing could be read or saved). The user's
        départements are read again at each run."""
        try:
            report = import_file(
                content,
                filename=filename,
                source=source or None,
                dry_run=dry_run,
                allowed_departements=editable_departements(self.request.user),
                user=self.request.user,
                max_bytes=import_max_bytes(),
            )
        except ImportFileError as error:
            return None, str(error)
        except IntegrityError:
            return None, _(
                "Un autre import modifiait les mêmes lieux au même moment : recommencez."
            )
        if not dry_run:
            messages.success(self.request, report.summary())
        return report, None


class QualifyBulkAction(SnippetBulkAction):
    display_name = gettext_lazy("Qualifier")
    action_type = "qualify"
    aria_label = gettext_lazy("Qualifier les lieux sélectionnés")
    template_name = "directory/admin/bulk_qualify.html"
    action_priority = 10
    form_class = BulkQualifyForm

    @classproperty
    def models(cls):
        return [Venue]

    def get_all_objects_in_listing_query(self, parent_id):
        return (
            Venue.objects.visible_to(self.request.user)
            .exclude(status=Status.QUALIFIED)
            .values_list("pk", flat=True)
        )

    def check_perm(self, venue):
        return can_qualify(self.request.user, venue)

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "user": self.request.user,
            "reason": self.cleaned_form.cleaned_data.get("reason", ""),
        }

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        return services.bulk_qualify(venues=objects, by=user, reason=reason), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d lieu qualifié.", "%(count)d lieux qualifiés.", num_parent_objects
        ) % {"count": num_parent_objects}


class VenueChooseView(snippet_chooser.ChooseView):
    def get_object_list(self):
        return Venue.objects.visible_to(self.request.user)


class VenueChooseResultsView(snippet_chooser.ChooseResultsView):
    def get_object_list(self):
        return Venue.objects.visible_to(self.request.user)


class VenueChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        return Venue.objects.visible_to(self.request.user).get(pk=pk)


class VenueChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return Venue.objects.visible_to(self.request.user).filter(pk__in=pks)


class VenueChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = VenueChooseView
    choose_results_view_class = VenueChooseResultsView
    chosen_view_class = VenueChosenView
    chosen_multiple_view_class = VenueChosenMultipleView


def _status_label(venue: Venue) -> str:
    return venue.get_status_display()


def _reports_label(venue: Venue) -> str:
    return _("à traiter") if getattr(venue, "has_open_reports", False) else ""


class VenueViewSet(SnippetViewSet):
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
    filterset_class = VenueFilterSet
    list_display = [
        "name",
        "commune_name",
        Column("departement", label=gettext_lazy("Département"), sort_key="departement"),
        Column(
            "status", label=gettext_lazy("Qualification"), accessor=_status_label, sort_key="status"
        ),
        Column("open_reports", label=gettext_lazy("Signalements"), accessor=_reports_label),
        DateColumn("updated_on", label=gettext_lazy("Mise à jour"), sort_key="updated_on"),
    ]
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
        "is_demo",
    ]

    index_view_class = VenueIndexView
    add_view_class = VenueCreateView
    edit_view_class = VenueEditView
    copy_view_class = VenueCopyView
    delete_view_class = VenueDeleteView
    history_view_class = VenueHistoryView
    usage_view_class = VenueUsageView
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
        return (
            Venue.objects.visible_to(request.user)
            .select_related("departement")
            .annotate(has_open_reports=Exists(_open_reports()))
        )

    @property
    def qualify_view(self):
        return self.construct_view(QualificationView, to_status=Status.QUALIFIED)

    @property
    def suspend_view(self):
        return self.construct_view(
            QualificationView, to_status=Status.SUSPENDED, header_icon="warning"
        )

    @property
    def import_view(self):
        return self.construct_view(ImportView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("qualify/<int:pk>/", self.qualify_view, name="qualify"),
            path("suspend/<int:pk>/", self.suspend_view, name="suspend"),
            path("import/", self.import_view, name="import"),
            path("import/<int:pk>/", ImportJobView.as_view(), name="import_job"),
            path(
                "import/<int:pk>/rejets.csv",
                ImportJobRejectedView.as_view(),
                name="import_job_rejected",
            ),
            path("reports/<int:pk>/resolve/", ResolveReportView.as_view(), name="resolve_report"),
        ]


venue_viewset = VenueViewSet()
