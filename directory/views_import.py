"""The admin page that imports venues from a file in the national standard, or through a saved
mapping (a file refused for its columns leads to ``views_mapping``): choose a file, preview
what would change, then import it (or confirm the preview). What an upload does is
``import_service``'s; this view parses the request and renders the outcome."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from directory import import_jobs, import_service
from directory.forms import ImportForm, import_max_bytes
from directory.import_mapping import mappings_for
from directory.models import PendingImport
from directory.permissions import can_import, editable_departements
from hubsite.models import Departement


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

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mappings": mappings_for(self.request.user)}

    def blank_form(self) -> ImportForm:
        return ImportForm(mappings=mappings_for(self.request.user))

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm_previewed()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        dry_run = "import" not in self.request.POST
        try:
            outcome = import_service.import_upload(
                user=self.request.user,
                filename=upload.name,
                source=form.cleaned_data["source"],
                content=upload.read(import_max_bytes() + 1),
                dry_run=dry_run,
                mapping=form.cleaned_data.get("mapping"),
            )
        except import_service.NotInStandardError as error:
            form.add_error("file", error)
            return self.render_to_response(
                self.get_context_data(
                    form=form, mapping_token=error.pending.token, filename=upload.name
                )
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        return self.render_outcome(outcome, form=form)

    def confirm_previewed(self):
        """Import the file this very user previewed, without asking for it again."""
        try:
            outcome = import_service.import_previewed(
                user=self.request.user, token=self.request.POST.get("token", "")
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect("venues:import")
        return self.render_outcome(outcome, form=self.blank_form())

    def render_outcome(self, outcome: import_service.ImportOutcome, *, form):
        if outcome.job is not None:
            # A file too large to import within the request: its job's page shows the rest.
            return redirect("venues:import_job", outcome.job.pk)
        report = outcome.report
        if not report.dry_run:
            messages.success(self.request, report.summary())
        return self.render_to_response(
            self.get_context_data(
                form=form, report=report, filename=outcome.filename, pending=outcome.pending
            )
        )
