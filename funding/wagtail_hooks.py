"""Registers the funding admin, its permission policies, log actions and notification kinds."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from funding import hooks_dashboards  # noqa: F401
from funding.deadlines import REMINDER_KIND
from funding.import_target import call_target
from funding.models import Application, CalendarFeed, Call, Funder, Programme, SavedSearch
from funding.permissions import (
    CataloguePermissionPolicy,
    application_permission_policy,
    can_manage_feed,
    can_manage_search,
    can_use_funding,
)
from funding.searches import ALERT_KIND
from funding.transitions import APPLICATION_TRANSITIONS
from funding.views_feeds import CalendarsView, RevokeFeedView
from funding.views_import import CallMappingView, CallPreviewView, CallUploadView
from funding.views_searches import (
    SearchDeleteView,
    SearchListView,
    SearchResubscribeView,
    SearchSaveView,
    SearchUnsubscribeView,
)
from funding.viewsets_catalogue import FundingViewSetGroup
from hubsite.admin_transitions import TransitionLogFormatter
from hubsite.mapping import TARGETS_HOOK
from hubsite.notifications import KINDS_HOOK, NotificationKind
from hubsite.permissions import HubScopedPermissionPolicy

# Before the viewsets: registering them would otherwise create Wagtail's fallback policy.
register_permission_policy(Application, application_permission_policy)
register_permission_policy(
    CalendarFeed,
    HubScopedPermissionPolicy(
        CalendarFeed, coordinator_actions={"change", "delete"}, rule=can_manage_feed
    ),
)
register_permission_policy(
    SavedSearch,
    HubScopedPermissionPolicy(
        SavedSearch,
        coordinator_actions={"change", "delete", "view"},
        national_actions={"change", "delete", "view"},
        rule=can_manage_search,
    ),
)
for _model in (Call, Funder, Programme):
    register_permission_policy(_model, CataloguePermissionPolicy(_model))


@hooks.register("register_admin_viewset")
def register_funding_viewsets():
    return FundingViewSetGroup()


@hooks.register("register_log_actions")
def register_funding_log_actions(actions):
    moves = {move.log_action: move for move in APPLICATION_TRANSITIONS.all()}
    for log_action, move in moves.items():
        target = APPLICATION_TRANSITIONS.label_of(move.target)
        formatter = type(
            f"{move.name.title()}Logged",
            (TransitionLogFormatter,),
            {"label": move.label, "message": _("Candidature : %(status)s") % {"status": target}},
        )
        actions.register_action(log_action)(formatter)


@hooks.register(TARGETS_HOOK)
def register_call_import_target():
    return [call_target()]


@hooks.register(KINDS_HOOK)
def notification_kinds():
    return [
        NotificationKind(
            name=REMINDER_KIND,
            label=_("Rappels des échéances de financement de votre hub"),
            help_text=_("14, 7 et 1 jours avant chaque échéance, et pour les bilans en retard."),
            audience=can_use_funding,
        ),
        NotificationKind(
            name=ALERT_KIND,
            label=_("Nouveaux appels à projets de mes recherches enregistrées"),
            help_text=_("Une fois par jour au plus, les appels nouvellement conformes."),
            audience=can_use_funding,
        ),
    ]


@hooks.register("register_admin_urls")
def register_funding_urls():
    return [
        path("financements/calendriers/", CalendarsView.as_view(), name="funding_calendars"),
        path(
            "financements/calendriers/<int:pk>/revoquer/",
            RevokeFeedView.as_view(),
            name="funding_calendar_revoke",
        ),
        path("financements/appels-import/", CallUploadView.as_view(), name="funding_call_import"),
        path(
            "financements/appels-import/correspondance/",
            CallMappingView.as_view(),
            name="funding_call_import_mapping",
        ),
        path(
            "financements/appels-import/previsualisation/",
            CallPreviewView.as_view(),
            name="funding_call_import_preview",
        ),
        path("financements/recherches/", SearchListView.as_view(), name="funding_searches"),
        path(
            "financements/recherches/enregistrer/",
            SearchSaveView.as_view(),
            name="funding_search_save",
        ),
        path(
            "financements/recherches/<int:pk>/desabonner/",
            SearchUnsubscribeView.as_view(),
            name="funding_search_unsubscribe",
        ),
        path(
            "financements/recherches/<int:pk>/reabonner/",
            SearchResubscribeView.as_view(),
            name="funding_search_resubscribe",
        ),
        path(
            "financements/recherches/<int:pk>/supprimer/",
            SearchDeleteView.as_view(),
            name="funding_search_delete",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_calendars_menu_item():
    from wagtail.admin.menu import MenuItem

    class CalendarsMenuItem(MenuItem):
        def is_shown(self, request):
            return can_use_funding(request.user)

    return CalendarsMenuItem(
        _("Mes calendriers"), reverse("funding_calendars"), icon_name="calendar-alt", order=310
    )


@hooks.register("register_admin_menu_item")
def register_searches_menu_item():
    from wagtail.admin.menu import MenuItem

    class SearchesMenuItem(MenuItem):
        def is_shown(self, request):
            return can_use_funding(request.user)

    return SearchesMenuItem(
        _("Mes recherches d'appels"), reverse("funding_searches"), icon_name="bell", order=311
    )
