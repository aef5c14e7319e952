"""The admin side of confirmations: on a venue, confirm it as is or send it a request (one
venue, or the selected ones in bulk); a request's link revoked; the venue's proposed
corrections reviewed beside its current data; the yearly campaign launched. Every view that
takes an object from its URL checks its rule (``directory.permissions``) on that very object.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from directory import confirmation_campaign, confirmation_service
from directory.forms_confirmation import (
    LABELS,
    CampaignForm,
    ReviewForm,
    current_value,
    display_value,
)
from directory.models import ConfirmationRequest, ProposalStatus, Venue
from directory.permissions import (
    can_launch_campaign,
    can_manage_venues,
    can_request_confirmation,
    can_review_proposal,
)
from hubsite.bulk_actions import ScopedBulkActionMixin
from hubsite.models import Hub
from hubsite.scoping import hub_scope


def _venue(request, pk) -> Venue:
    venue = get_object_or_404(Venue.objects.select_related("departement__hub"), pk=pk)
    if not can_request_confirmation(request.user, venue):
        raise PermissionDenied
    return venue


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


class ConfirmVenueView(View):
    """The coordinator vouches for the venue's data as it is (POST only)."""

    model = Venue
    http_method_names = ["post"]

    def post(self, request, pk):
        venue = _venue(request, pk)
        confirmation_service.confirm_by_coordinator(venue=venue, by=request.user)
        messages.success(request, _("Informations de « %(venue)s » confirmées.") % {"venue": venue})
        return redirect("venues:inspect", quote(venue.pk))


class RequestConfirmationView(View):
    """E-mail the venue a confirmation link (POST only)."""

    model = Venue
    http_method_names = ["post"]

    def post(self, request, pk):
        venue = _venue(request, pk)
        try:
            sent = confirmation_service.request_confirmation(venue=venue, by=request.user)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(
                request,
                _("Demande de confirmation envoyée à %(email)s.") % {"email": sent.email},
            )
        return redirect(reverse("venues:inspect", args=[quote(venue.pk)]) + "#confirmation")


def _confirmation(request, pk) -> ConfirmationRequest:
    confirmation = get_object_or_404(
        ConfirmationRequest.objects.select_related("venue__departement__hub"), pk=pk
    )
    if not can_review_proposal(request.user, confirmation):
        raise PermissionDenied
    return confirmation


class RevokeConfirmationView(View):
    """Cancel a link not used yet (POST only)."""

    model = ConfirmationRequest
    http_method_names = ["post"]

    def post(self, request, pk):
        confirmation = _confirmation(request, pk)
        try:
            confirmation_service.revoke(request=confirmation, by=request.user)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Lien annulé : il n'ouvre plus le formulaire."))
        venue_url = reverse("venues:inspect", args=[quote(confirmation.venue_id)])
        return redirect(venue_url + "#confirmation")


class ReviewConfirmationView(WagtailAdminTemplateMixin, FormView):
    """The venue's proposed corrections beside its current data: accept them field by field
    or whole, or refuse them with a reason."""

    model = ConfirmationRequest
    template_name = "directory/admin/confirmation_review.html"
    page_title = gettext_lazy("Corrections proposées")
    header_icon = "doc-full"

    def dispatch(self, request, *args, pk, **kwargs):
        self.confirmation = _confirmation(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.confirmation.venue)

    def get_breadcrumbs_items(self):
        venue = self.confirmation.venue
        return [
            {"url": reverse("venues:list"), "label": _("Lieux")},
            {"url": reverse("venues:inspect", args=[quote(venue.pk)]), "label": str(venue)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["proposal"] = self.confirmation.proposal
        kwargs["initial"] = {"accept": list(self.confirmation.proposal)}
        return kwargs

    def get_form_class(self):
        return ReviewForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        venue, proposal = self.confirmation.venue, self.confirmation.proposal
        context["confirmation"] = self.confirmation
        context["pending"] = self.confirmation.proposal_status == ProposalStatus.PENDING
        context["rows"] = [
            {
                "name": name,
                "label": LABELS.get(name, name),
                "current": display_value(name, current_value(venue, name)),
                "proposed": display_value(name, value),
                "accepted": name in self.confirmation.accepted_fields,
            }
            for name, value in proposal.items()
        ]
        return context

    def form_valid(self, form):
        accept = [] if "refuse_all" in self.request.POST else form.cleaned_data["accept"]
        try:
            confirmation_service.review_proposal(
                request=self.confirmation,
                by=self.request.user,
                accept=accept,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Corrections examinées : l'historique du lieu les garde."))
        return redirect("venues:inspect", quote(self.confirmation.venue_id))


class CampaignView(WagtailAdminTemplateMixin, FormView):
    """Send this year's confirmation request to every venue of a hub (or of every hub, for
    the national team) not confirmed for a year."""

    template_name = "directory/admin/confirmation_campaign.html"
    form_class = CampaignForm
    page_title = gettext_lazy("Campagne annuelle de confirmation")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_venues(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("venues:list"), "label": _("Lieux")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        scope = hub_scope(self.request.user)
        hubs = Hub.objects.visible_to(self.request.user).filter(departements__isnull=False)
        return {
            **super().get_form_kwargs(),
            "hubs": hubs.distinct().order_by("name"),
            "everything": scope.everything,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        hubs = list(form.fields["hub"].queryset)
        counts = dict(
            confirmation_campaign.scope_venues(None)
            .filter(departement__hub__in=hubs)
            .order_by()
            .values_list("departement__hub")
            .annotate(Count("pk"))
        )
        context["hubs"] = [(hub, counts.get(hub.pk, 0)) for hub in hubs]
        return context

    def form_valid(self, form):
        hub = form.cleaned_data["hub"]
        if not can_launch_campaign(self.request.user, hub):
            raise PermissionDenied
        campaign = confirmation_campaign.launch_campaign(hub=hub, by=self.request.user)
        messages.success(
            self.request,
            _(
                "%(campaign)s lancée : les courriels partent en arrière-plan, au rythme réglé "
                "pour le serveur de messagerie."
            )
            % {"campaign": campaign},
        )
        return redirect("venues:list")


class RequestConfirmationBulkAction(ScopedBulkActionMixin, SnippetBulkAction):
    """Send a confirmation request to each selected venue (with an e-mail, not opted out)."""

    models = [Venue]
    display_name = gettext_lazy("Demander une confirmation")
    action_type = "request_confirmation"
    aria_label = gettext_lazy("Demander aux lieux sélectionnés de confirmer leurs informations")
    no_access_message = gettext_lazy("Vous ne pouvez pas écrire à ces lieux.")
    template_name = "directory/admin/bulk_request_confirmation.html"
    action_priority = 20

    def check_perm(self, venue):
        return can_request_confirmation(self.request.user, venue)

    def get_execution_context(self):
        self.skipped = []
        return {
            **super().get_execution_context(),
            "user": self.request.user,
            "skipped": self.skipped,
        }

    @classmethod
    def execute_action(cls, objects, user=None, skipped=None, **kwargs):
        sent, reasons = confirmation_service.bulk_request_confirmation(venues=objects, by=user)
        if skipped is not None:
            skipped += reasons
        return sent, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = ngettext(
            "%(count)d demande de confirmation envoyée.",
            "%(count)d demandes de confirmation envoyées.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
        if self.skipped:
            message += " " + _("Sans demande : %(reasons)s") % {"reasons": " ".join(self.skipped)}
        return message
