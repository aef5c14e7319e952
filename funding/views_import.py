"""The admin pages of the calls' import: upload, mapping (hubsite's mapping form), preview
as a dry run, confirmation. Each step names the kept upload by its token, its uploader's only
(``import_service``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from funding import import_service
from funding.forms_import import CallUploadForm
from funding.import_files import CallFileError, ordered_columns, read_calls_file
from funding.import_target import TARGET_KEY, call_target, mappings_for
from funding.permissions import can_import_calls
from hubsite import mapping as engine
from hubsite.mapping_forms import MappingForm
from hubsite.mapping_services import save_import_mapping

PREVIEW_ROWS = 5
SHOWN = 200


def _step(name: str, token) -> str:
    return reverse(name) + "?" + urlencode({"token": str(token)})


class _ImportPage(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import_calls(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("funding_calls:index"), "label": _("Appels à projets")},
            {"url": reverse("funding_call_import"), "label": _("Importer des appels")},
            {"url": "", "label": self.get_page_title()},
        ]


class _PendingStep(_ImportPage):
    """A step on a kept upload: gone or another's, back to the upload page."""

    def dispatch(self, request, *args, **kwargs):
        if not can_import_calls(request.user):
            raise PermissionDenied
        token = request.POST.get("token") or request.GET.get("token", "")
        self.pending = import_service.pending_upload(user=request.user, token=token)
        if self.pending is None:
            messages.error(
                request,
                _("Ce fichier n'est plus gardé ou n'est pas le vôtre : choisissez-le de nouveau."),
            )
            return redirect("funding_call_import")
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.pending.filename


class CallUploadView(_ImportPage):
    template_name = "funding/admin/call_import.html"
    page_title = gettext_lazy("Importer des appels")

    def make_form(self, data=None, files=None):
        return CallUploadForm(data, files, mappings=mappings_for(self.request.user))

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.make_form()))

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            mapping = form.cleaned_data["mapping"]
            try:
                pending = import_service.keep_upload(
                    user=request.user, filename=upload.name, content=upload.read(), mapping=mapping
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                step = "funding_call_import_preview" if mapping else "funding_call_import_mapping"
                return redirect(_step(step, pending.token))
        return self.render_to_response(self.get_context_data(form=form))


class CallMappingView(_PendingStep):
    template_name = "funding/admin/call_import_mapping.html"
    page_title = gettext_lazy("Correspondance d'un fichier d'appels")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        self.target = call_target()
        return super().dispatch(request, *args, **kwargs)

    def read(self):
        rows = read_calls_file(bytes(self.pending.content), filename=self.pending.filename)
        return rows, ordered_columns(rows)

    def make_form(self, rows, columns, data=None) -> MappingForm:
        saved = self.pending.mapping
        spec = saved.spec if saved else engine.guess(self.target, columns)
        return MappingForm(
            data,
            target=self.target,
            columns=columns,
            rows=rows,
            spec=spec,
            initial={"name": saved.name if saved else ""},
        )

    def get(self, request, *args, **kwargs):
        rows, columns = self.read()
        form = self.make_form(rows, columns)
        return self.render_to_response(self.get_context_data(form=form, spec=form.spec, rows=rows))

    def post(self, request, *args, **kwargs):
        rows, columns = self.read()
        form = self.make_form(rows, columns, request.POST)
        valid = form.is_valid()
        spec = form.current_spec()
        if valid and "save" in request.POST:
            try:
                saved = save_import_mapping(
                    user=request.user,
                    target=TARGET_KEY,
                    name=form.cleaned_data["name"],
                    spec=spec,
                    columns=columns,
                )
                import_service.use_mapping(user=request.user, pending=self.pending, mapping=saved)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("Correspondance « %(name)s » enregistrée.") % {"name": saved.name}
                )
                return redirect(_step("funding_call_import_preview", self.pending.token))
        return self.render_to_response(self.get_context_data(form=form, spec=spec, rows=rows))

    def get_context_data(self, *, spec: dict, rows, **kwargs):
        context = super().get_context_data(**kwargs)
        whole = engine.apply(self.target, spec, rows)
        labels = {item.name: item.label for item in self.target.fields}
        context.update(
            token=self.pending.token,
            preview=[
                {
                    "number": row.number,
                    "values": [(labels[name], value) for name, value in (row.values or {}).items()],
                    "errors": row.errors,
                    "warnings": row.warnings,
                }
                for row in whole.rows[:PREVIEW_ROWS]
            ],
            unknown=[
                (labels[name], counts.most_common()) for name, counts in whole.unknown.items()
            ],
            rejected_by_mapping=sum(1 for row in whole.rows if row.errors),
            total_rows=len(whole.rows),
        )
        return context


class CallPreviewView(_PendingStep):
    """GET: the dry run's report; POST: the import, once."""

    template_name = "funding/admin/call_import_report.html"
    page_title = gettext_lazy("Prévisualisation de l'import d'appels")

    def get(self, request, *args, **kwargs):
        if self.pending.mapping is None:
            return redirect(_step("funding_call_import_mapping", self.pending.token))
        try:
            report = import_service.preview(user=request.user, pending=self.pending)
        except (ValidationError, CallFileError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("funding_call_import")
        return self.render_to_response(
            self.get_context_data(
                report=report,
                filename=self.pending.filename,
                mapping=self.pending.mapping,
                token=self.pending.token,
                shown=SHOWN,
            )
        )

    def post(self, request, *args, **kwargs):
        try:
            filename, report = import_service.confirm(
                user=request.user, token=str(self.pending.token)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("funding_call_import")
        messages.success(request, report.summary())
        return self.render_to_response(
            self.get_context_data(report=report, filename=filename, shown=SHOWN)
        )
