"""The admin pages of a background import: its progress, then its result, and the CSV of
every rejected row. Only whoever started the job sees them (``can_view_import_job``)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from directory import import_jobs
from directory.models import ImportJob, PendingImport
from directory.permissions import can_confirm_import, can_view_import_job
from hubsite.exports import csv_response

# Seconds between two reloads of a running job's page (no JavaScript needed).
REFRESH_SECONDS = 3


def _job_for(request, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.defer("content"), pk=pk)
    if not can_view_import_job(request.user, job):
        raise PermissionDenied
    return job


class ImportJobView(WagtailAdminTemplateMixin, TemplateView):
    model = ImportJob  # what its URL's pk names
    template_name = "directory/admin/import_job.html"
    page_title = gettext_lazy("Import de lieux")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.job = _job_for(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.job.filename

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("venues:list"), "label": _("Lieux")},
            {"url": reverse("venues:import"), "label": _("Importer des lieux")},
            {"url": "", "label": self.job.filename},
        ]

    def get_context_data(self, **kwargs):
        job = self.job
        pending = job.pending
        if pending is not None and not (
            can_confirm_import(self.request.user, pending)
            and PendingImport.objects.live().filter(pk=pending.pk).exists()
        ):
            pending = None
        return super().get_context_data(
            job=job,
            summary=import_jobs.summary(job),
            rejected_shown=job.rejected_rows[: import_jobs.REJECTED_SHOWN],
            rejected_more=max(0, job.rejected - import_jobs.REJECTED_SHOWN),
            pending=pending,
            pending_hours=round(PendingImport.LIFETIME.total_seconds() / 3600),
            refresh_seconds=None if job.is_finished else REFRESH_SECONDS,
            **kwargs,
        )


class ImportJobRejectedView(View):
    model = ImportJob
    """Every rejected row of a finished job, as CSV."""

    http_method_names = ["get"]

    def get(self, request, pk):
        job = _job_for(request, pk)
        return csv_response(import_jobs.rejected_rows(job), filename=f"lignes-rejetees-{job.pk}")
