# Registers the projects' admin (viewsets), the dossiers' history entries and notifications.
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from hubsite.admin_transitions import TransitionLogFormatter
from hubsite.notifications import KINDS_HOOK, NotificationKind
from hubsite.roles import is_funder_reviewer, is_national
from hubsite.scoping import hub_scope
from projects.models import Dossier
from projects.permissions import dossier_permission_policy
from projects.services import DOSSIER_MOVED_KIND, DOSSIER_SENT_KIND, REVIEW_ASSIGNED_KIND
from projects.transitions import DOSSIER_TRANSITIONS
from projects.viewsets.dossiers import dossier_viewset

# Before the viewset, so that Wagtail does not create its per-model fallback policy.
register_permission_policy(Dossier, dossier_permission_policy)
register_snippet(dossier_viewset)


@hooks.register("register_log_actions")
def register_dossier_log_actions(actions):
    for transition in DOSSIER_TRANSITIONS.all():
        formatter = type(
            f"Dossier{transition.name.title()}",
            (TransitionLogFormatter,),
            {"label": transition.label, "message": transition.label},
        )
        actions.register_action(transition.log_action)(formatter)


@hooks.register(KINDS_HOOK)
def dossier_notification_kinds():
    return [
        NotificationKind(
            name=DOSSIER_SENT_KIND,
            label=_("Dossiers déposés par les hubs"),
            help_text=_("Chaque version déposée d'un dossier, pour l'équipe nationale."),
            audience=is_national,
        ),
        NotificationKind(
            name=DOSSIER_MOVED_KIND,
            label=_("Étapes des dossiers de votre hub"),
            help_text=_("Éligibilité, relecture, compléments demandés, décision, suivi."),
            audience=lambda user: bool(hub_scope(user).hub_ids),
        ),
        NotificationKind(
            name=REVIEW_ASSIGNED_KIND,
            label=_("Dossiers à relire"),
            help_text=_("Quand l'équipe nationale vous confie un dossier."),
            audience=is_funder_reviewer,
        ),
    ]
