"""The filters of the calls' catalogue: they combine, and live in the URL."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, ChoiceFilter, ModelChoiceFilter, NumberFilter
from wagtail.admin.filters import WagtailFilterSet

from funding.models import Call, FunderType
from funding.vocabulary import Applicant, Cost, Theme
from hubsite.models import Hub


class CallFilterSet(WagtailFilterSet):
    open_now = BooleanFilter(label=_("Ouvert aujourd'hui"), method="filter_open_now")
    closing_within = NumberFilter(
        label=_("Clôture dans les N jours"), method="filter_closing_within", min_value=0
    )
    funder_type = ChoiceFilter(
        label=_("Type de financeur"),
        choices=FunderType.choices,
        field_name="programme__funder__type",
    )
    theme = ChoiceFilter(label=_("Thématique"), choices=Theme.choices, method="filter_theme")
    applicant = ChoiceFilter(
        label=_("Porteur éligible"), choices=Applicant.choices, method="filter_applicant"
    )
    cost = ChoiceFilter(label=_("Dépenses éligibles"), choices=Cost.choices, method="filter_cost")
    covers_hub = ModelChoiceFilter(
        label=_("Périmètre couvrant le hub"), queryset=Hub.objects.all(), method="filter_covers_hub"
    )
    amount = NumberFilter(label=_("Montant visé (€)"), method="filter_amount", min_value=0)

    class Meta:
        model = Call
        fields = []

    def today(self) -> datetime.date:
        return timezone.localdate()

    def filter_open_now(self, queryset, name, value):
        if value is None:
            return queryset
        open_ids = Call.objects.open_on(self.today()).values("pk")
        return queryset.filter(pk__in=open_ids) if value else queryset.exclude(pk__in=open_ids)

    def filter_closing_within(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.closing_within(self.today(), int(value))

    def filter_covers_hub(self, queryset, name, value):
        return queryset.covering(value) if value else queryset

    def filter_theme(self, queryset, name, value):
        return queryset.filter(themes__has_any=[value]) if value else queryset

    def filter_applicant(self, queryset, name, value):
        return queryset.filter(eligible_applicants__has_any=[value]) if value else queryset

    def filter_cost(self, queryset, name, value):
        return queryset.filter(eligible_costs__has_any=[value]) if value else queryset

    def filter_amount(self, queryset, name, value):
        """Calls that may fund ``value`` euros: within their minimum and maximum."""
        if value is None:
            return queryset
        return queryset.exclude(amount_min__gt=value).exclude(amount_max__lt=value)
