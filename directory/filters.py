"""The finder's filters, shared by the /lieux/ page, the full-screen map and the API.

Multi-valued filters over the shared vocabularies are hubsite's (``hubsite.filters``): short
keys in the URL, values of one filter as alternatives, different filters combined.
"Open now" and "open on Saturday" are answered here too (``HoursFilter``), at the moment the
filter set is given: the moment of the request, so that a view showing them cannot be cached
for long.
"""

import datetime
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import OpeningInterval, VenueQuerySet
from directory.opening_hours import SATURDAY, local_time
from directory.vocabulary import (
    Fee,
    NationalProgramme,
    Public,
    Service,
    SpecificSupport,
    SupportMode,
)
from hubsite.filters import FlagsFilter


@dataclass(frozen=True)
class HoursFilter:
    """Filters on "open now" and "open on Saturday", answered in SQL from the venues' opening
    intervals (``OpeningInterval``, read from the OSM text when it is saved)."""

    open_at: datetime.datetime | None = None
    saturday: bool = False

    def __bool__(self):
        return self.open_at is not None or self.saturday

    def apply(self, queryset: VenueQuerySet) -> VenueQuerySet:
        """``queryset`` narrowed to the venues whose hours fit."""
        if self.saturday:
            queryset = queryset.filter(_open(weekday=SATURDAY))
        if self.open_at is not None:
            local = local_time(self.open_at)  # refuses a naive moment
            minute = local.hour * 60 + local.minute
            queryset = queryset.filter(
                _open(weekday=local.weekday(), opens__lte=minute, closes__gt=minute)
            )
        return queryset


def _open(**conditions) -> Exists:
    return Exists(OpeningInterval.objects.filter(venue=OuterRef("pk"), **conditions))


class OnlyIfChecked(django_filters.BooleanFilter):
    """A checkbox: checked narrows the list with ``when_checked`` (lookups; None for a filter
    applied elsewhere), unchecked leaves it whole."""

    field_class = forms.BooleanField

    def __init__(self, *args, when_checked: dict | None = None, **kwargs):
        self.when_checked = when_checked
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value or self.when_checked is None:
            return qs
        return qs.filter(**self.when_checked)


class FinderFilterSet(django_filters.FilterSet):
    """The public finder's filters over venues; ``qs`` applies them all, the hours at
    ``now`` (the moment of the request unless given)."""

    services = FlagsFilter(vocabulary=Service, label=_("Services proposés"))
    publics = FlagsFilter(vocabulary=Public, label=_("Publics accueillis en priorité"))
    specific_support = FlagsFilter(
        vocabulary=SpecificSupport, label=_("Accompagnement de personnes en situation de…")
    )
    support_modes = FlagsFilter(vocabulary=SupportMode, label=_("Modalités d'accompagnement"))
    national_programmes = FlagsFilter(
        vocabulary=NationalProgramme, label=_("Dispositifs et programmes nationaux")
    )
    free = OnlyIfChecked(label=_("Gratuit"), when_checked={"fees__has_any": [Fee.GRATUIT]})
    pass_numerique = OnlyIfChecked(
        label=_("Accepte le pass numérique"), when_checked={"accepts_pass_numerique": True}
    )
    # Applied by HoursFilter (see hours and filter_queryset()).
    open_now = OnlyIfChecked(label=_("Ouvert maintenant"))
    open_saturday = OnlyIfChecked(label=_("Ouvert le samedi"))
    hub = django_filters.CharFilter(
        field_name="departement__hub__slug", widget=forms.HiddenInput, label=_("Hub")
    )

    def __init__(self, data=None, queryset=None, *, now: datetime.datetime | None = None, **kw):
        super().__init__(data, queryset, **kw)
        self.now = now or timezone.now()

    def filter_queryset(self, queryset):
        return self.hours.apply(super().filter_queryset(queryset))

    def cleaned(self) -> dict:
        """The valid filter values; an invalid value is left out, as if not given."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def hours(self) -> HoursFilter:
        """The opening-hours part of the search, at ``now``."""
        data = self.cleaned()
        return HoursFilter(
            open_at=self.now if data.get("open_now") else None,
            saturday=bool(data.get("open_saturday")),
        )

    @property
    def active(self) -> bool:
        """Whether any filter other than the hub narrows the search."""
        return any(value for name, value in self.cleaned().items() if name != "hub")
