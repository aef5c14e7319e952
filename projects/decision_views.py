"""The decision and the follow-up in the admin: the approve and reject transitions ask for
the committee's decision (and its tranches); a dossier's "decision and follow-up" page shows
its hub the decision, the shared comments and what it owes and when, takes its indicator
values and documents, and lets the national team release the tranches."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button

from hubsite.admin_transitions import TransitionView
from projects import services
from projects.decision_forms import (
    DecisionForm,
    FollowUpDocumentForm,
    IndicatorReportForm,
    tranche_formset,
    tranche_specs,
)
from projects.follow_up import FollowUpState, dues, unmet_condition
from projects.models import YEARS, Dossier, FollowUpDocument, Outcome, Review, ReviewStatus, Tranche
from projects.permissions import (
    can_release_tranche,
    can_report_follow_up,
    can_see_follow_up,
)

DECISIONS = {"approve": Outcome.APPROVED, "reject": Outcome.REJECTED}


class DossierTransitionView(TransitionView):
    """Every move of a dossier; approving or rejecting records the committee's decision."""

    @property
    def outcome(self) -> str | None:
        return DECISIONS.get(self.name)

    def get_template_names(self):
        if self.outcome:
            return ["projects/admin/decision.html"]
        return super().get_template_names()

    def get_form(self, form_class=None):
        if not self.outcome:
            return super().get_form(form_class)
        data = self.request.POST if self.request.method == "POST" else None
        return DecisionForm(data, outcome=self.outcome)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.outcome == Outcome.APPROVED:
            context.setdefault("tranches", self.tranches())
            context["asked"] = services.euros(self.object.economic_model().total_funder)
            context["envelope_left"] = services.euros(services.envelope_left(self.object))
        return context

    def tranches(self):
        data = self.request.POST if self.request.method == "POST" else None
        return tranche_formset(self.object, data)

    def post(self, request, *args, **kwargs):
        if not self.outcome:
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        tranches = self.tranches() if self.outcome == Outcome.APPROVED else None
        if not form.is_valid() or (tranches is not None and not tranches.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, tranches=tranches))
        data = form.cleaned_data
        try:
            services.record_decision(
                dossier=self.object,
                by=request.user,
                outcome=self.outcome,
                motivation=data["motivation"],
                amount_granted=data.get("amount_granted"),
                conditions=data.get("conditions", ""),
                reasons=data.get("reasons", ""),
                tranches=tranche_specs(tranches) if tranches is not None else (),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form, tranches=tranches))
        messages.success(
            request,
            _("« %(object)s » : la décision est enregistrée et le hub en est informé.")
            % {"object": self.object},
        )
        return redirect(reverse("projects_follow_up", args=[self.object.pk]))


class FollowUpButtonMixin:
    """Put before a dossier's inspect view: a header button to its decision and follow-up."""

    def get_header_more_buttons(self):
        buttons = list(super().get_header_more_buttons())
        if can_see_follow_up(self.request.user, self.object):
            buttons.append(
                Button(
                    _("Décision et suivi"),
                    url=reverse("projects_follow_up", args=[self.object.pk]),
                    icon_name="calendar",
                    priority=40,
                )
            )
        return sorted(buttons)


def shared_comments(dossier: Dossier) -> list[dict]:
    """The sent reviews' comments meant for the hub, and nothing else of the reviews: no
    private note, no mark; the reviewer's name only if the call shares it."""
    named = dossier.call.reviewer_names_shared
    reviews = (
        Review.objects.filter(dossier=dossier, status=ReviewStatus.SUBMITTED)
        .exclude(shared_comment="")
        .select_related("reviewer")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "comment": review.shared_comment,
            "reviewer": (review.reviewer.get_full_name() or review.reviewer.username)
            if named
            else "",
        }
        for review in reviews
    ]


def indicator_cells(indicator) -> list[tuple]:
    """(year, target, report or None) for each year of ``indicator`` (reports prefetched)."""
    reports = {report.year: report for report in indicator.reports.all()}
    return [(year, indicator.target(year), reports.get(year)) for year in YEARS]


class FollowUpView(WagtailAdminTemplateMixin, TemplateView):
    """A dossier's decision and follow-up, for its hub's coordinators and the national
    team; another hub's dossier is not found."""

    template_name = "projects/admin/follow_up.html"
    header_icon = "calendar"
    model = Dossier  # covered by the forged-URL matrix

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.dossier = get_object_or_404(
            Dossier.objects.visible_to(request.user).select_related("hub", "call"),
            pk=kwargs["pk"],
        )
        if not can_see_follow_up(request.user, self.dossier):
            raise Http404

    def get_page_title(self):
        return _("Décision et suivi : %(dossier)s") % {"dossier": self.dossier.title}

    def back(self):
        return redirect(reverse("projects_follow_up", args=[self.dossier.pk]))

    def get_context_data(self, **kwargs):
        dossier, user = self.dossier, self.request.user
        decision = dossier.decision if hasattr(dossier, "decision") else None
        context = {
            **super().get_context_data(**kwargs),
            "dossier": dossier,
            "decision": decision,
            "comments": shared_comments(dossier) if decision else [],
            "can_report": can_report_follow_up(user, dossier),
            "can_release": can_release_tranche(user, dossier),
            "inspect_url": reverse("dossiers:inspect", args=[dossier.pk]),
        }
        if decision is None or not decision.approved:
            return context
        state = FollowUpState.of(dossier)
        tranches = list(decision.tranches.select_related("indicator", "released_by"))
        indicators = list(dossier.indicators.prefetch_related("reports"))
        context.update(
            tranches=[(tranche, unmet_condition(tranche, state)) for tranche in tranches],
            dues=dues(decision, state),
            indicators=[(indicator, indicator_cells(indicator)) for indicator in indicators],
            documents=dossier.follow_up_documents.select_related("uploaded_by"),
        )
        if context["can_report"]:
            context.setdefault("indicator_form", IndicatorReportForm(dossier=dossier))
            context.setdefault("document_form", FollowUpDocumentForm())
        return context


class FollowUpPostView(FollowUpView):
    """A form of the follow-up page: on a refusal or bad input, the page again with the
    message and what was typed."""

    http_method_names = ["post"]

    def render_page(self, **forms):
        return self.render_to_response(self.get_context_data(**forms))


class IndicatorReportView(FollowUpPostView):
    def post(self, request, *args, **kwargs):
        if not can_report_follow_up(request.user, self.dossier):
            messages.error(request, _("Le suivi de ce dossier n'attend pas de vous d'envoi."))
            return self.back()
        form = IndicatorReportForm(request.POST, dossier=self.dossier)
        if form.is_valid():
            try:
                services.report_indicator(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
        if not form.is_valid():
            return self.render_page(indicator_form=form)
        messages.success(request, _("Indicateur renseigné. Merci !"))
        return self.back()


class FollowUpDocumentView(FollowUpPostView):
    def post(self, request, *args, **kwargs):
        if not can_report_follow_up(request.user, self.dossier):
            messages.error(request, _("Le suivi de ce dossier n'attend pas de vous d'envoi."))
            return self.back()
        form = FollowUpDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.add_follow_up_document(
                    dossier=self.dossier,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
        if not form.is_valid():
            return self.render_page(document_form=form)
        messages.success(request, _("Document reçu. Merci !"))
        return self.back()


class ReleaseTrancheView(FollowUpPostView):
    permission_required = "release"  # the national team's, in the forged-URL matrix

    def post(self, request, *args, **kwargs):
        if not can_release_tranche(request.user, self.dossier):
            raise PermissionDenied
        tranche = Tranche.objects.filter(
            decision__dossier=self.dossier, pk=request.POST.get("tranche") or None
        ).first()
        if tranche is None:
            messages.error(request, _("Choisissez la tranche à verser."))
            return self.back()
        try:
            services.release_tranche(tranche=tranche, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return self.back()
        messages.success(
            request, _("« %(tranche)s » est versée ; le hub en est informé.") % {"tranche": tranche}
        )
        return self.back()


def follow_up_document(request, pk: int):
    """A follow-up document, to those who see its dossier's follow-up only."""
    document = get_object_or_404(
        FollowUpDocument.objects.select_related("dossier__hub"),
        pk=pk,
        dossier__in=Dossier.objects.visible_to(request.user),
    )
    if not can_see_follow_up(request.user, document.dossier):
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True)
