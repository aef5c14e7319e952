# Registers the directory's admin (viewsets), its public contributions to the hub pages, its
# notifications and its items on the coordinator's desk.
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from directory import confirmation_service as confirmations
from directory import hooks_coverage, hooks_public  # noqa: F401
from directory.bulk_actions import QualifyBulkAction
from directory.duplicate_services import LOG_MERGED
from directory.import_mapping import venue_target
from directory.importer import LOG_ACTION as IMPORT_LOG_ACTION
from directory.models import (
    ConfirmationRequest,
    DuplicatePair,
    ErrorReport,
    PairStatus,
    ProposalStatus,
    Status,
    Venue,
    unconfirmed_q,
)
from directory.permissions import (
    can_manage_venues,
    confirmation_permission_policy,
    duplicate_permission_policy,
    venue_permission_policy,
)
from directory.quality import QualityPanel
from directory.services import ERROR_REPORT_KIND, LOG_REPORT_RESOLVED
from directory.transitions import QUALIFY, SUSPEND
from directory.viewsets import venue_viewset
from directory.viewsets_confirmation import RequestConfirmationBulkAction
from directory.viewsets_duplicates import duplicate_viewset
from hubsite.admin_transitions import TransitionLogFormatter
from hubsite.desk import DESK_HOOK, DeskItem
from hubsite.mapping import TARGETS_HOOK
from hubsite.notifications import KINDS_HOOK, NotificationKind

# Before the viewset: registering it would otherwise create Wagtail's fallback policy (Django's
# per-model permissions), which knows nothing of hubs.
register_permission_policy(Venue, venue_permission_policy)
register_permission_policy(ConfirmationRequest, confirmation_permission_policy)
register_snippet(venue_viewset)
register_permission_policy(DuplicatePair, duplicate_permission_policy)


@hooks.register("register_admin_viewset")
def register_duplicate_viewset():
    return duplicate_viewset


hooks.register("register_bulk_action", QualifyBulkAction)
hooks.register("register_bulk_action", RequestConfirmationBulkAction)


@hooks.register("construct_homepage_panels")
def data_quality_panel(request, panels):
    if can_manage_venues(request.user):
        panels.append(QualityPanel(request.user))


@hooks.register(TARGETS_HOOK)
def register_import_target():
    return [venue_target()]


@hooks.register("register_log_actions")
def register_venue_log_actions(actions):
    @actions.register_action(QUALIFY.log_action)
    class Qualified(TransitionLogFormatter):
        label = _("Qualification")
        message = _("Lieu qualifié")

    @actions.register_action(SUSPEND.log_action)
    class Suspended(TransitionLogFormatter):
        label = _("Suspension")
        message = _("Lieu suspendu")

    @actions.register_action(IMPORT_LOG_ACTION)
    class Imported(LogFormatter):
        label = _("Import")

        def format_message(self, log_entry):
            source = log_entry.data.get("file") or "—"
            if log_entry.data.get("created"):
                return _("Créé par import (%(file)s)") % {"file": source}
            return _("Mis à jour par import (%(file)s) : %(fields)s") % {
                "file": source,
                "fields": ", ".join(log_entry.data.get("fields", [])),
            }

    @actions.register_action(LOG_MERGED)
    class Merged(LogFormatter):
        label = _("Fusion")

        def format_message(self, log_entry):
            return _(
                "Fusionné avec « %(name)s » (n° %(pk)s, %(source)s) ; valeurs reprises : %(fields)s"
            ) % {
                "name": log_entry.data.get("absorbed_name", ""),
                "pk": log_entry.data.get("absorbed", ""),
                "source": log_entry.data.get("absorbed_source", ""),
                "fields": ", ".join(log_entry.data.get("fields", [])) or "—",
            }

    @actions.register_action(confirmations.LOG_REQUESTED)
    class ConfirmationRequested(LogFormatter):
        label = _("Demande de confirmation")

        def format_message(self, log_entry):
            return _("Demande de confirmation envoyée à %(email)s") % {
                "email": log_entry.data.get("email", "—")
            }

    @actions.register_action(confirmations.LOG_CONFIRMED)
    class Confirmed(LogFormatter):
        label = _("Informations confirmées")

        def format_message(self, log_entry):
            if log_entry.data.get("coordinator"):
                return _("Informations confirmées telles quelles par le hub")
            return _("Informations confirmées telles quelles par le lieu (demande n° %(id)s)") % {
                "id": log_entry.data.get("request", "—")
            }

    @actions.register_action(confirmations.LOG_PROPOSED)
    class CorrectionsProposed(LogFormatter):
        label = _("Corrections proposées")

        def format_message(self, log_entry):
            return _("Corrections proposées par le lieu (demande n° %(id)s) : %(fields)s") % {
                "id": log_entry.data.get("request", "—"),
                "fields": ", ".join(log_entry.data.get("fields", [])) or "—",
            }

    @actions.register_action(confirmations.LOG_ACCEPTED)
    class CorrectionsAccepted(LogFormatter):
        label = _("Corrections acceptées")

        def format_message(self, log_entry):
            message = _("Corrections du lieu acceptées (demande n° %(id)s) : %(fields)s") % {
                "id": log_entry.data.get("request", "—"),
                "fields": ", ".join(log_entry.data.get("fields", [])),
            }
            if log_entry.data.get("refused"):
                message += " ; " + _("refusées : %(fields)s (%(reason)s)") % {
                    "fields": ", ".join(log_entry.data["refused"]),
                    "reason": log_entry.data.get("reason", ""),
                }
            return message

    @actions.register_action(confirmations.LOG_REFUSED)
    class CorrectionsRefused(LogFormatter):
        label = _("Corrections refusées")

        def format_message(self, log_entry):
            return _("Corrections du lieu refusées (demande n° %(id)s) : %(reason)s") % {
                "id": log_entry.data.get("request", "—"),
                "reason": log_entry.data.get("reason", ""),
            }

    @actions.register_action(confirmations.LOG_REVOKED)
    class ConfirmationRevoked(LogFormatter):
        label = _("Lien de confirmation annulé")

        def format_message(self, log_entry):
            return _("Lien de confirmation annulé (demande n° %(id)s)") % {
                "id": log_entry.data.get("request", "—")
            }

    @actions.register_action(confirmations.LOG_OPTED_OUT)
    class ConfirmationOptOut(LogFormatter):
        label = _("Désabonnement")

        def format_message(self, log_entry):
            return _("Le lieu ne veut plus recevoir de demande de confirmation")

    @actions.register_action(LOG_REPORT_RESOLVED)
    class ReportResolved(LogFormatter):
        label = _("Signalement résolu")

        def format_message(self, log_entry):
            return _("Signalement du public résolu : « %(message)s »") % {
                "message": log_entry.data.get("message", "")
            }


@hooks.register(KINDS_HOOK)
def notification_kinds():
    return [
        NotificationKind(
            name=ERROR_REPORT_KIND,
            label=_("Signalements d'erreur sur les lieux de votre hub"),
            help_text=_("Envoyés par le public depuis la fiche d'un lieu."),
            audience=can_manage_venues,
        ),
        NotificationKind(
            name=confirmations.PROPOSAL_KIND,
            label=_("Corrections proposées par les lieux de votre hub"),
            help_text=_("Envoyées par un lieu depuis le lien de sa demande de confirmation."),
            audience=can_manage_venues,
        ),
    ]


def _venue_listing(**filters):
    def url(hub) -> str:
        query = urlencode({**filters, "hub": hub.pk})
        return f"{reverse('venues:list')}?{query}"

    return url


@hooks.register(DESK_HOOK)
def desk_items():
    return [
        DeskItem(
            name="venues_pending",
            label=_("lieux en attente de qualification"),
            model=Venue,
            condition=Q(status=Status.PENDING),
            url=_venue_listing(status=Status.PENDING),
            order=10,
        ),
        DeskItem(
            name="error_reports_open",
            label=_("signalements d'erreur à traiter"),
            model=ErrorReport,
            condition=Q(resolved_at__isnull=True),
            url=_venue_listing(has_open_reports="true"),
            order=20,
        ),
        DeskItem(
            name="venues_approximate",
            label=_("lieux à la position approximative"),
            model=Venue,
            condition=Q(position_is_approximate=True),
            url=_venue_listing(position_is_approximate="true"),
            order=30,
        ),
        DeskItem(
            name="venues_stale",
            label=_("lieux non confirmés depuis un an"),
            model=Venue,
            condition=lambda: Q(status=Status.QUALIFIED) & unconfirmed_q(),
            url=_venue_listing(status=Status.QUALIFIED, confirmation="stale"),
            order=40,
        ),
        DeskItem(
            name="duplicates_open",
            label=_("doublons probables à examiner"),
            model=DuplicatePair,
            condition=Q(status=PairStatus.OPEN),
            url=lambda hub: f"{reverse('duplicates:index')}?{urlencode({'hub': hub.pk})}",
            order=60,
        ),
        DeskItem(
            name="confirmation_proposals",
            label=_("corrections proposées à examiner"),
            model=ConfirmationRequest,
            condition=Q(proposal_status=ProposalStatus.PENDING),
            url=_venue_listing(proposals="true"),
            order=50,
        ),
    ]
