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

from directory import hooks_coverage, hooks_public  # noqa: F401
from directory.bulk_actions import QualifyBulkAction
from directory.importer import LOG_ACTION as IMPORT_LOG_ACTION
from directory.models import ErrorReport, Status, Venue, stale_before
from directory.permissions import can_manage_venues, venue_permission_policy
from directory.services import ERROR_REPORT_KIND, LOG_REPORT_RESOLVED
from directory.transitions import QUALIFY, SUSPEND
from directory.viewsets import venue_viewset
from hubsite.admin_transitions import TransitionLogFormatter
from hubsite.desk import DESK_HOOK, DeskItem
from hubsite.notifications import KINDS_HOOK, NotificationKind

# Before the viewset: registering it would otherwise create Wagtail's fallback policy (Django's
# per-model permissions), which knows nothing of hubs.
register_permission_policy(Venue, venue_permission_policy)
register_snippet(venue_viewset)
hooks.register("register_bulk_action", QualifyBulkAction)


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
        )
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
            label=_("lieux non mis à jour depuis un an"),
            model=Venue,
            condition=lambda: Q(updated_on__lt=stale_before()),
            url=_venue_listing(stale="true"),
            order=40,
        ),
    ]
