"""The funding dashboards in the admin: a hub's (its coordinators and the national team) and
the national one (the national team), with the comparison of hubs."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from funding import dashboard_charts as charts
from funding import dashboards
from funding.models import FunderType
from funding.permissions import can_see_hub_dashboard, can_see_national_dashboard
from hubsite.models import Hub


def _rate_rows(rates: dict, keys_and_labels) -> list[tuple[str, object]]:
    return [(label, rates[key]) for key, label in keys_and_labels if key in rates]


def _export_links(hub=None) -> dict:
    query = f"&hub={hub.pk}" if hub else ""
    applications = reverse("funding_applications:index")
    payments = reverse("funding_payments_export")
    return {
        "applications_csv": f"{applications}?export=csv{query}",
        "applications_xlsx": f"{applications}?export=xlsx{query}",
        "payments_csv": f"{payments}?export=csv{query}",
        "payments_xlsx": f"{payments}?export=xlsx{query}",
    }


class DashboardMixin(WagtailAdminTemplateMixin):
    header_icon = "table"

    def figures_context(self, figures: dashboards.Figures) -> dict:
        return {
            "figures": figures,
            "total": figures.total,
            "charts": charts.hub_charts(figures),
            "funder_rates": _rate_rows(
                figures.rate_by_funder_type(), [(t.value, t.label) for t in FunderType]
            ),
            "upcoming_days": dashboards.UPCOMING_DAYS,
            "listed": dashboards.LISTED,
        }


class HubDashboardView(DashboardMixin, TemplateView):
    """``/admin/financements/tableau-de-bord/<hub pk>/``: 404 for anyone but the hub's
    coordinators and the national team."""

    model = Hub  # what its URL's pk names
    template_name = "funding/admin/dashboard_hub.html"

    def dispatch(self, request, *args, **kwargs):
        self.hub = get_object_or_404(Hub, pk=kwargs["pk"])
        if not can_see_hub_dashboard(request.user, self.hub):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Financements du hub %(hub)s") % {"hub": self.hub.name}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **self.figures_context(dashboards.figures(hub=self.hub)),
            "hub": self.hub,
            "exports": _export_links(self.hub),
            "national_url": reverse("funding_dashboard_national")
            if can_see_national_dashboard(self.request.user)
            else None,
        }


class DashboardChooserView(DashboardMixin, TemplateView):
    """``/admin/financements/tableau-de-bord/``: straight to the dashboard of one's hub, or
    the list of the hubs one may look at (the national team: every hub, and the national
    dashboard). A GET ``hub`` picks one."""

    model = Hub
    template_name = "funding/admin/dashboard_chooser.html"
    page_title = gettext_lazy("Tableaux de bord des financements")

    def get(self, request, *args, **kwargs):
        hubs = list(Hub.objects.visible_to(request.user).order_by("name").only("pk", "name"))
        self.hubs = hubs
        picked = request.GET.get("hub", "")
        if picked.isdigit() and any(hub.pk == int(picked) for hub in hubs):
            return redirect("funding_dashboard_hub", int(picked))
        if not hubs:
            raise Http404
        if len(hubs) == 1 and not can_see_national_dashboard(request.user):
            return redirect("funding_dashboard_hub", hubs[0].pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "hubs": self.hubs,
            "national_url": reverse("funding_dashboard_national")
            if can_see_national_dashboard(self.request.user)
            else None,
        }


class NationalDashboardView(DashboardMixin, TemplateView):
    """``/admin/financements/tableau-de-bord/national/``: every hub, and the hubs compared."""

    template_name = "funding/admin/dashboard_national.html"
    page_title = gettext_lazy("Financements : tableau de bord national")

    def dispatch(self, request, *args, **kwargs):
        if not can_see_national_dashboard(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        figures = dashboards.figures()
        hubs = list(Hub.objects.order_by("name").only("pk", "name"))
        hub_rates = figures.rate_by_hub()
        return {
            **super().get_context_data(**kwargs),
            **self.figures_context(figures),
            "hubs": hubs,
            "comparison": charts.comparison_charts(figures, hubs),
            "hub_rates": _rate_rows(hub_rates, [(hub.pk, hub.name) for hub in hubs]),
            "exports": _export_links(),
        }
