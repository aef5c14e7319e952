# The national team's screens of a call's grid and outside experts' opinions; the reviewers'
# reminders.
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from hubsite.notifications import KINDS_HOOK, NotificationKind
from hubsite.roles import is_funder_reviewer
from projects.review_admin_views import ExpertOpinionsView, GridView
from projects.review_reminders import REMINDER_KIND


@hooks.register("register_admin_urls")
def register_grid_and_expert_urls():
    return [
        path("appels/<int:pk>/grille/", GridView.as_view(), name="projects_call_grid"),
        path(
            "appels/<int:pk>/avis-experts/",
            ExpertOpinionsView.as_view(),
            name="projects_call_expert_opinions",
        ),
    ]


@hooks.register(KINDS_HOOK)
def review_reminder_kind():
    return [
        NotificationKind(
            name=REMINDER_KIND,
            label=_("Rappels de relecture"),
            help_text=_(
                "7, 2 et 1 jours avant la date limite, tant que votre relecture n'est pas envoyée."
            ),
            audience=is_funder_reviewer,
        )
    ]
