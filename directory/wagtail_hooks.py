# Registers the directory's admin (viewsets) and its public contributions to the hub pages.
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from directory import hooks_public  # noqa: F401
from directory.importer import LOG_ACTION as IMPORT_LOG_ACTION
from directory.models import Status, Venue
from directory.permissions import venue_permission_policy
from directory.services import LOG_ACTIONS, LOG_REPORT_RESOLVED
from directory.viewsets import QualifyBulkAction, venue_viewset

# Before the viewset: registering it would otherwise create Wagtail's fallback policy (Django's
# per-model permissions), which knows nothing of hubs.
register_permission_policy(Venue, venue_permission_policy)
register_snippet(venue_viewset)
hooks.register("register_bulk_action", QualifyBulkAction)


class _ReasonFormatter(LogFormatter):
    """Puts the reason in the message: the history of a model without revisions shows
    messages, not comments."""

    def format_message(self, log_entry):
        reason = log_entry.data.get("reason")
        if reason:
            return _("%(message)s — motif : %(reason)s") % {
                "message": self.message,
                "reason": reason,
            }
        return self.message

    def format_comment(self, log_entry):
        return log_entry.data.get("reason", "")


@hooks.register("register_log_actions")
def register_venue_log_actions(actions):
    @actions.register_action(LOG_ACTIONS[Status.QUALIFIED])
    class Qualified(_ReasonFormatter):
        label = _("Qualification")
        message = _("Lieu qualifié")

    @actions.register_action(LOG_ACTIONS[Status.SUSPENDED])
    class Suspended(_ReasonFormatter):
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
