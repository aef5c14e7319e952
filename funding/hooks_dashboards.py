"""What the funding dashboards add to the admin through Wagtail hooks: their URLs, a menu
item, the payments' export and a summary panel on the coordinator's desk (the admin home)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from funding import dashboards
from funding.exports import PaymentsExportView
from funding.permissions import can_see_national_dashboard, can_use_funding
from funding.views_dashboards import DashboardChooserView, HubDashboardView, NationalDashboardView
from hubsite.models import Hub


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [
        path(
            "financements/tableau-de-bord/",
            DashboardChooserView.as_view(),
            name="funding_dashboard",
        ),
        path(
            "financements/tableau-de-bord/national/",
            NationalDashboardView.as_view(),
            name="funding_dashboard_national",
        ),
        path(
            "financements/tableau-de-bord/<int:pk>/",
            HubDashboardView.as_view(),
            name="funding_dashboard_hub",
        ),
        path(
            "financements/versements/export/",
            PaymentsExportView.as_view(),
            name="funding_payments_export",
        ),
    ]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_funding(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        _("Tableau de bord des financements"),
        reverse("funding_dashboard"),
        icon_name="table",
        order=305,
    )


class FundingPanel(Component):
    """Each hub's applications in progress, deadlines within 60 days and overdue reports,
    linking to its dashboard (three queries, whatever the number of hubs)."""

    name = "maillage_funding"
    order = 55
    template_name = "funding/admin/funding_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        hubs = list(Hub.objects.visible_to(self.user).order_by("name").only("pk", "name"))
        return {
            "rows": dashboards.summaries(hubs),
            "upcoming_days": dashboards.UPCOMING_DAYS,
            "national_url": reverse("funding_dashboard_national")
            if can_see_national_dashboard(self.user)
            else None,
        }


@hooks.register("construct_homepage_panels")
def funding_panel(request, panels):
    if can_use_funding(request.user):
        panels.append(FundingPanel(request.user))
