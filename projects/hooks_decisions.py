# The decision and the follow-up's admin: its pages, the release's history entry, its e-mail.
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from hubsite.notifications import KINDS_HOOK, NotificationKind
from hubsite.scoping import hub_scope
from projects.decision_views import (
    FollowUpDocumentView,
    FollowUpView,
    IndicatorReportView,
    ReleaseTrancheView,
    follow_up_document,
)
from projects.services import RELEASE_LOG_ACTION, TRANCHE_RELEASED_KIND


@hooks.register("register_admin_urls")
def register_follow_up_urls():
    return [
        path("dossiers-suivi/<int:pk>/", FollowUpView.as_view(), name="projects_follow_up"),
        path(
            "dossiers-suivi/<int:pk>/indicateur/",
            IndicatorReportView.as_view(),
            name="projects_follow_up_indicator",
        ),
        path(
            "dossiers-suivi/<int:pk>/document/",
            FollowUpDocumentView.as_view(),
            name="projects_follow_up_upload",
        ),
        path(
            "dossiers-suivi/<int:pk>/versement/",
            ReleaseTrancheView.as_view(),
            name="projects_follow_up_release",
        ),
        path(
            "dossiers-suivi/documents/<int:pk>/",
            follow_up_document,
            name="projects_follow_up_document",
        ),
    ]


@hooks.register("register_log_actions")
def register_release_log_action(actions):
    @actions.register_action(RELEASE_LOG_ACTION)
    class TrancheReleased(LogFormatter):
        label = _("Tranche versée")

        def format_message(self, log_entry):
            return _("Tranche versée : %(tranche)s (%(amount)s €)") % log_entry.data


@hooks.register(KINDS_HOOK)
def follow_up_notification_kinds():
    return [
        NotificationKind(
            name=TRANCHE_RELEASED_KIND,
            label=_("Tranches versées à votre hub"),
            help_text=_("Quand l'équipe nationale verse une tranche d'un dossier accepté."),
            audience=lambda user: bool(hub_scope(user).hub_ids),
        )
    ]
