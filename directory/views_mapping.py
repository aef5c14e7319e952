"""The admin page that builds an import mapping on a file not in the standard's columns (kept
for its uploader when the import page refused it): columns or constants for the standard's
fields, value tables for coded columns, weekdays for timetable columns, a preview of the
first rows as the finder would show them, then saved under a name and previewed as an
import with every guarantee of the import page (``import_service``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from directory import import_jobs, import_service, opening_hours, services
from directory.import_files import ImportFileError, read_file
from directory.import_mapping import TARGET_KEY, mappings_for, venue_target
from directory.models import PendingImport
from directory.permissions import can_import
from hubsite import mapping as engine
from hubsite.mapping_forms import MappingForm
from hubsite.mapping_services import save_import_mapping

PREVIEW_ROWS = 5


def ordered_columns(rows) -> list[str]:
    """The file's columns in the order it gives them."""
    return list(dict.fromkeys(column for _number, row in rows if row for column in row))


class MappingBuildView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "directory/admin/import_mapping.html"
    page_title = gettext_lazy("Correspondance d'un fichier")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        token = request.POST.get("token") or request.GET.get("token", "")
        self.pending = services.pending_import(user=request.user, token=token)
        if self.pending is None:
            messages.error(
                request,
                _("Ce fichier n'est plus gardé ou n'est pas le vôtre : choisissez-le de nouveau."),
            )
            return redirect("venues:import")
        try:
            parsed = read_file(
                bytes(self.pending.content), filename=self.pending.filename, required=False
            )
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect("venues:import")
        self.rows = parsed.rows
        self.columns = ordered_columns(parsed.rows)
        self.target = venue_target()
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.pending.filename

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("venues:list"), "label": _("Lieux")},
            {"url": reverse("venues:import"), "label": _("Importer des lieux")},
            {"url": "", "label": self.get_page_title()},
        ]

    def starting_point(self) -> tuple[dict, str]:
        """The spec and name to start from: a saved mapping the user chose, else a guess."""
        chosen = self.request.GET.get("mapping", "")
        saved = (
            mappings_for(self.request.user).filter(pk=chosen).first() if chosen.isdigit() else None
        )
        if saved is not None:
            return saved.spec, saved.name
        return engine.guess(self.target, self.columns), ""

    def make_form(self, data=None) -> MappingForm:
        spec, name = self.starting_point()
        return MappingForm(
            data,
            target=self.target,
            columns=self.columns,
            rows=self.rows,
            spec=spec,
            initial={"name": name},
        )

    def get(self, request, *args, **kwargs):
        form = self.make_form()
        return self.render_to_response(self.get_context_data(form=form, spec=form.spec))

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        valid = form.is_valid()
        spec = form.current_spec()
        if valid and "save" in request.POST:
            try:
                return self.save(form, spec)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
        return self.render_to_response(self.get_context_data(form=form, spec=spec))

    def save(self, form: MappingForm, spec: dict):
        saved = save_import_mapping(
            user=self.request.user,
            target=TARGET_KEY,
            name=form.cleaned_data["name"],
            spec=spec,
            columns=self.columns,
        )
        outcome = import_service.import_upload(
            user=self.request.user,
            filename=self.pending.filename,
            source=self.pending.source,
            content=bytes(self.pending.content),
            dry_run=True,
            mapping=saved,
        )
        messages.success(
            self.request, _("Correspondance « %(name)s » enregistrée.") % {"name": saved.name}
        )
        if outcome.job is not None:
            return redirect("venues:import_job", outcome.job.pk)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                spec=spec,
                saved=saved,
                report=outcome.report,
                pending=outcome.pending,
                filename=outcome.filename,
            )
        )

    def get_context_data(self, *, spec: dict, **kwargs):
        context = super().get_context_data(**kwargs)
        whole = engine.apply(self.target, spec, self.rows)
        context.update(
            token=self.pending.token,
            preview=[preview_row(row) for row in whole.rows[:PREVIEW_ROWS]],
            unknown=[
                (self.target.field(name).label, counts.most_common())
                for name, counts in whole.unknown.items()
            ],
            rejected_by_mapping=sum(1 for row in whole.rows if row.errors),
            total_rows=len(whole.rows),
            pending_hours=round(PendingImport.LIFETIME.total_seconds() / 3600),
            shown=import_jobs.REJECTED_SHOWN,
            minus_shown=-import_jobs.REJECTED_SHOWN,
        )
        return context


def preview_row(row: engine.MappedRow) -> dict:
    """One mapped row as the finder shows a venue: its name, address, services, fees and its
    week of hours in French (or the raw text the finder would show)."""
    values = row.values or {}
    hours = values.get("horaires", "")
    schedule = opening_hours.parse_or_none(hours) if hours else None
    return {
        "number": row.number,
        "name": values.get("nom", ""),
        "address": values.get("adresse", ""),
        "commune": f"{values.get('code_postal', '')} {values.get('commune', '')}".strip(),
        "services": [value for value in str(values.get("services", "")).split("|") if value],
        "fees": [value for value in str(values.get("frais_a_charge", "")).split("|") if value],
        "phone": values.get("telephone", ""),
        "updated_on": values.get("date_maj", ""),
        "week": opening_hours.describe_week(schedule) if schedule else [],
        "hours": hours,
        "errors": row.errors,
        "warnings": row.warnings,
    }
