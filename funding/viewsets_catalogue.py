"""The shared catalogue of funders, programmes and calls, kept by the national team and the
hubs (``funding.permissions.CataloguePermissionPolicy``), with the calls' combined filters."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from funding.catalogue_listing import (
    ActionsTitleColumn,
    RowUrlsMixin,
    ShortDateColumn,
    TextColumn,
)
from funding.filters import CallFilterSet
from funding.models import Call, Funder, Programme
from funding.permissions import can_import_calls, can_save_search
from funding.viewsets import application_viewset


class FunderViewSet(ModelViewSet):
    model = Funder
    icon = "group"
    menu_label = gettext_lazy("Financeurs")
    url_prefix = "financements/financeurs"
    url_namespace = "funding_funders"
    form_fields = ["name", "type", "website", "description"]
    list_display = [
        "name",
        TextColumn("type", label=gettext_lazy("Type"), accessor="get_type_display"),
    ]
    list_filter = ["type"]
    search_fields = ["name"]
    search_backend_name = None


class ProgrammeViewSet(ModelViewSet):
    model = Programme
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Programmes")
    url_prefix = "financements/programmes"
    url_namespace = "funding_programmes"
    form_fields = ["funder", "name", "period", "website"]
    list_display = ["name", "funder", "period"]
    list_filter = ["funder"]
    search_fields = ["name"]
    search_backend_name = None


class CallIndexView(RowUrlsMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme__funder")

    @cached_property
    def columns(self):
        # The title column Wagtail would build, written without a template per cell.
        columns = super().columns
        columns[0] = ActionsTitleColumn(
            "title",
            label=capfirst(Call._meta.get_field("title").verbose_name),
            sort_key="title",
            get_url=lambda call: self.get_edit_url(call) or self.get_inspect_url(call),
            row_buttons=self.get_list_buttons,
        )
        return columns

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        user = self.request.user
        if can_save_search(user):
            # The filters as the URL holds them, to be saved under a name.
            query = urlencode({"q": self.request.GET.urlencode()})
            buttons.append(
                HeaderButton(
                    gettext_lazy("Enregistrer cette recherche"),
                    url=reverse("funding_search_save") + "?" + query,
                    icon_name="bell",
                )
            )
        if can_import_calls(user):
            buttons.append(
                HeaderButton(
                    gettext_lazy("Importer des appels"),
                    url=reverse("funding_call_import"),
                    icon_name="upload",
                )
            )
        return buttons


def _funder(call: Call) -> str:
    return str(call.programme.funder)


def _deadline(call: Call) -> str:
    if call.next_deadline_on:
        return call.next_deadline_on.strftime("%d/%m/%Y")
    return call.get_deadline_kind_display()


class CallViewSet(ModelViewSet):
    model = Call
    icon = "calendar-alt"
    menu_label = gettext_lazy("Appels à projets")
    url_prefix = "financements/appels"
    url_namespace = "funding_calls"
    index_view_class = CallIndexView
    inspect_view_enabled = True
    filterset_class = CallFilterSet
    # 30 rows keep the unfiltered catalogue within its time budget too (issue 11, "Measured").
    list_per_page = 30
    search_fields = ["title", "summary", "reference"]
    search_backend_name = None
    list_display = [
        "title",
        TextColumn("funder", label=gettext_lazy("Financeur"), accessor=_funder),
        TextColumn(
            "next_deadline_on",
            label=gettext_lazy("Prochaine date limite"),
            accessor=_deadline,
            sort_key="next_deadline_on",
        ),
        TextColumn("amount_max", label=gettext_lazy("Plafond (€)"), sort_key="amount_max"),
        TextColumn("rate_cap", label=gettext_lazy("Taux max. (%)")),
        ShortDateColumn("updated_at", label=gettext_lazy("Mise à jour")),
    ]
    list_export = [
        "title",
        "programme",
        "deadline_kind",
        "next_deadline_on",
        "amount_min",
        "amount_max",
        "rate_cap",
        "eu_rate_cap",
        "public_aid_cap",
        "url",
    ]
    export_filename = "appels"
    panels = [
        FieldPanel("programme"),
        FieldPanel("title"),
        FieldPanel("reference"),
        FieldPanel("summary"),
        FieldPanel("url"),
        MultiFieldPanel(
            [
                FieldPanel("opens_on"),
                FieldPanel("deadline_kind"),
                FieldRowPanel([FieldPanel("deadline_on"), FieldPanel("recurrence_months")]),
                InlinePanel("rounds", label=gettext_lazy("Vague")),
            ],
            heading=gettext_lazy("Calendrier"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("amount_min"), FieldPanel("amount_max")]),
                FieldPanel("lump_sums"),
                FieldRowPanel(
                    [
                        FieldPanel("rate_cap"),
                        FieldPanel("eu_rate_cap"),
                        FieldPanel("public_aid_cap"),
                    ]
                ),
                FieldPanel("eligible_costs"),
            ],
            heading=gettext_lazy("Montants et taux"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("eligible_applicants"),
                FieldPanel("themes"),
                FieldPanel("perimeter"),
                FieldPanel("regions"),
                FieldPanel("departements"),
            ],
            heading=gettext_lazy("Éligibilité"),
        ),
        FieldPanel("documents_asked"),
    ]


class FundingViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Financements")
    menu_icon = "money"
    menu_order = 300
    items = (application_viewset, CallViewSet, FunderViewSet, ProgrammeViewSet)
