# The review's admin: dossiers, reviewers' screens, history entries, notifications, roles.
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from hubsite.admin_transitions import TransitionLogFormatter
from hubsite.notifications import KINDS_HOOK, NotificationKind
from hubsite.roles import FUNDER_REVIEWERS, is_funder_reviewer, is_national
from hubsite.scoping import hub_scope
from projects.models import Dossier
from projects.permissions import dossier_permission_policy
from projects.review_views import CallsView, ComparisonView, ReviewDeskView, ReviewView
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


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path("relectures/", ReviewDeskView.as_view(), name="projects_review_desk"),
        path("relectures/<int:pk>/", ReviewView.as_view(), name="projects_review"),
        path("appels/", CallsView.as_view(), name="projects_calls"),
        path(
            "appels/<int:pk>/comparaison/",
            ComparisonView.as_view(),
            name="projects_call_comparison",
        ),
    ]


@hooks.register("register_admin_menu_item")
def review_desk_menu_item():
    return ReviewerMenuItem(
        _("Mes relectures"), reverse("projects_review_desk"), icon_name="doc-full", order=330
    )


@hooks.register("register_admin_menu_item")
def calls_menu_item():
    return NationalMenuItem(
        _("Appels à projets"), reverse("projects_calls"), icon_name="list-ul", order=325
    )


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_funder_reviewer(request.user)


class NationalMenuItem(MenuItem):
    def is_shown(self, request):
        return is_national(request.user)


@hooks.register("maillage_role_permissions")
def reviewer_permissions():
    # Reviewers work in the admin: their desk and their grids, nothing else.
    return {FUNDER_REVIEWERS: ["wagtailadmin.access_admin"]}
