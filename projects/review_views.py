"""The reviewers' screens in the admin: their desk, a dossier's grid to fill; and, for the
national team, a call's comparison table with its exports."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from projects import scoring, services
from projects.comparison import comparison_rows, export_rows, reviewers_of, sort_rows
from projects.models import ProjectCall, Review, ReviewStatus
from projects.permissions import can_manage_review, can_review, visible_reviews
from projects.permissions.grids_opinions import visible_expert_opinions
from projects.review_forms import ReviewForm
from projects.viewsets.dossiers import changes_context, economic_context

DUE_SOON = datetime.timedelta(days=7)


class ReviewDeskView(WagtailAdminTemplateMixin, TemplateView):
    """What a reviewer has to do: assigned to them, due soon, done."""

    template_name = "projects/admin/review_desk.html"
    page_title = gettext_lazy("Mes relectures")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        reviews = (
            Review.objects.filter(reviewer=self.request.user)
            .select_related("dossier__hub", "call")
            .order_by("call__review_deadline", "dossier__title")
        )
        soon = timezone.localdate() + DUE_SOON
        to_do = [r for r in reviews if r.status == ReviewStatus.DRAFT]
        return {
            **super().get_context_data(**kwargs),
            "due_soon": [
                r for r in to_do if r.call.review_deadline and r.call.review_deadline <= soon
            ],
            "to_do": [
                r for r in to_do if not r.call.review_deadline or r.call.review_deadline > soon
            ],
            "done": [r for r in reviews if r.status == ReviewStatus.SUBMITTED],
        }


class ReviewView(WagtailAdminTemplateMixin, FormView):
    """A dossier's grid, filled by its reviewer: drafts kept, then sent. In a blind review the
    others' marks appear only once this one is sent."""

    template_name = "projects/admin/review.html"
    form_class = ReviewForm
    header_icon = "doc-full"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Only one's own review: another's is "not found", whatever its id.
        self.review = get_object_or_404(
            Review.objects.select_related("dossier__hub", "dossier__call", "call"),
            pk=kwargs["pk"],
            reviewer_id=request.user.pk,
        )
        self.criteria = scoring.criteria_of(self.review.call)

    def get_page_title(self):
        return _("Relecture : %(dossier)s") % {"dossier": self.review.dossier.title}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "review": self.review, "criteria": self.criteria}

    def get_context_data(self, **kwargs):
        dossier = self.review.dossier
        others = [
            (review, scoring.review_total(review, self.criteria))
            for review in visible_reviews(self.request.user, dossier)
            .exclude(pk=self.review.pk)
            .filter(status=ReviewStatus.SUBMITTED)
            .select_related("reviewer")
            .prefetch_related("scores")
        ]
        return {
            **super().get_context_data(**kwargs),
            **economic_context(dossier),
            **changes_context(dossier, self.request.GET.get("depuis")),
            "review": self.review,
            "dossier": dossier,
            "editable": can_review(self.request.user, self.review),
            "others": others,
            "expert_opinions": list(visible_expert_opinions(self.request.user, dossier)),
            "blind": dossier.call.blind_review and not self.review.is_submitted,
            "total": scoring.review_total(self.review, self.criteria),
        }

    def form_valid(self, form):
        submit = "send" in self.request.POST
        try:
            services.save_review(
                review=self.review,
                by=self.request.user,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                shared_comment=form.cleaned_data["shared_comment"],
                private_note=form.cleaned_data["private_note"],
                submit=submit,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except PermissionDenied as refusal:
            messages.error(self.request, str(refusal))
            return redirect(self.request.path)
        if submit:
            messages.success(self.request, _("Votre relecture est envoyée. Merci !"))
        else:
            messages.success(self.request, _("Brouillon enregistré."))
        return redirect(self.request.path)


class NationalOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_review(request.user, None):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CallsView(NationalOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "projects/admin/calls.html"
    page_title = gettext_lazy("Appels à projets")
    header_icon = "list-ul"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "calls": ProjectCall.objects.all()}


class ComparisonView(NationalOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every dossier of a call with its weighted score, each reviewer's total, the spread
    between reviewers, the recommendations and the economic rules met; sortable, filterable,
    exported to CSV or XLSX and printable."""

    template_name = "projects/admin/comparison.html"
    header_icon = "table"
    SORTS = {"score", "-score", "spread", "-spread", "hub", "-hub"}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.call = get_object_or_404(ProjectCall.objects.select_related("grid"), pk=kwargs["pk"])

    def get_page_title(self):
        return _("Comparaison des dossiers : %(call)s") % {"call": self.call}

    def rows(self):
        rows = comparison_rows(self.call)
        if self.request.GET.get("desaccord"):
            rows = [row for row in rows if row.scores.disagreement]
        sort = self.request.GET.get("tri", "-score")
        return sort_rows(rows, sort if sort in self.SORTS else "-score")

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            from hubsite.exports import spreadsheet_response

            rows = self.rows()
            return spreadsheet_response(
                export_rows(rows, reviewers_of(rows)),
                filename=f"comparaison-{self.call.slug}",
                export_format=export,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        rows = self.rows()
        reviewers = reviewers_of(rows)
        return {
            **super().get_context_data(**kwargs),
            "call": self.call,
            "rows": rows,
            "reviewers": reviewers,
            "sort": self.request.GET.get("tri", "-score"),
            "disagreement_only": bool(self.request.GET.get("desaccord")),
            "export_url": reverse("projects_call_comparison", args=[self.call.pk]),
        }
