"""The national team's screens of a call beside its comparison table: editing its scoring
grid (or replacing it by a copy of an earlier call's), and asking outside experts for their
opinion on its dossiers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from projects.forms_expert import ExpertRequestForm
from projects.forms_grid import CopyGridForm, grid_formsets
from projects.models import ExpertOpinion, ProjectCall
from projects.permissions.grids_opinions import can_edit_grid
from projects.review_views import NationalOnlyMixin
from projects.services import expert_opinions, grids


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


class CallMixin(NationalOnlyMixin):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.call = get_object_or_404(ProjectCall.objects.select_related("grid"), pk=kwargs["pk"])


class GridView(CallMixin, WagtailAdminTemplateMixin, TemplateView):
    """A call's grid: sections, criteria with their guidance, weight and scale; frozen once a
    review has started (the page then only shows it, and a forged POST is refused)."""

    template_name = "projects/admin/grid.html"
    header_icon = "list-ol"

    def get_page_title(self):
        return _("Grille de notation : %(call)s") % {"call": self.call}

    def get_context_data(self, **kwargs):
        editable = can_edit_grid(self.request.user, self.call)
        sections, criteria = kwargs.pop("formsets", None) or grid_formsets(self.call)
        return {
            **super().get_context_data(**kwargs),
            "call": self.call,
            "editable": editable,
            "sections": self.call.grid.sections.prefetch_related("criteria"),
            "section_formset": sections,
            "criterion_formset": criteria,
            "copy_form": kwargs.get("copy_form") or CopyGridForm(call=self.call),
        }

    def post(self, request, *args, **kwargs):
        if self.call.grid.is_frozen():
            # Refused before reading the forms: nothing forged reaches a frozen grid.
            messages.error(request, _refusal(grids.frozen_error()))
            return redirect(request.path)
        if "copy" in request.POST:
            return self._copy(request)
        sections, criteria = grid_formsets(self.call, request.POST)
        if not (sections.is_valid() and criteria.is_valid()):
            context = self.get_context_data(formsets=(sections, criteria))
            return self.render_to_response(context, status=400)
        try:
            # Criteria first: a section deleted takes its criteria with it.
            grids.save_grid(call=self.call, by=request.user, formsets=[criteria, sections])
        except ValidationError as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("Grille enregistrée."))
        return redirect(request.path)

    def _copy(self, request):
        form = CopyGridForm(request.POST, call=self.call)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(copy_form=form), status=400)
        try:
            grids.replace_grid_by_copy(
                call=self.call, source_call=form.cleaned_data["source"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(
                request,
                _("La grille de « %(call)s » est copiée : modifiez-la si besoin.")
                % {"call": form.cleaned_data["source"]},
            )
        return redirect(request.path)


class ExpertOpinionsView(CallMixin, WagtailAdminTemplateMixin, TemplateView):
    """The experts asked about a call's dossiers, their opinions, and the form to ask one."""

    template_name = "projects/admin/expert_opinions.html"
    header_icon = "user"

    def get_page_title(self):
        return _("Avis d'experts : %(call)s") % {"call": self.call}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "call": self.call,
            "opinions": ExpertOpinion.objects.filter(dossier__call=self.call)
            .select_related("dossier__hub")
            .order_by("dossier__title", "requested_at"),
            "form": kwargs.get("form") or ExpertRequestForm(call=self.call),
        }

    def post(self, request, *args, **kwargs):
        form = ExpertRequestForm(request.POST, call=self.call)
        if form.is_valid():
            data = form.cleaned_data
            try:
                opinion = expert_opinions.request_expert_opinion(
                    dossier=data["dossier"],
                    expert_name=data["expert_name"],
                    email=data["email"],
                    deadline=data["deadline"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error("deadline", error)
            except PermissionDenied as refusal:
                messages.error(request, str(refusal))
                return redirect(request.path)
            else:
                messages.success(
                    request,
                    _("Demande envoyée à %(name)s (%(email)s).")
                    % {"name": opinion.expert_name, "email": opinion.email},
                )
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form), status=400)
