"""The finder's filters, shared by the /lieux/ page, the full-screen map and the API.

Multi-valued filters take short keys in the URL (``services=demarches&publics=seniors``, the
lower-cased names of the vocabulary members) so that a search stays readable once shared. Values
of one filter are alternatives (a venue offering any of them); different filters combine.
"Open now" and "open on Saturday" are read here but applied by ``search.HoursFilter``: "now"
is the moment of the request, and a view that shows it cannot be cached for long.
"""

import datetime

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.search import HoursFilter
from directory.vocabulary import (
    Fee,
    NationalProgramme,
    Public,
    Service,
    SpecificSupport,
    SupportMode,
)


def key_of(member: models.TextChoices) -> str:
    return member.name.lower().replace("_", "-")


def vocabulary_choices(vocabulary: type[models.TextChoices]) -> list[tuple[str, str]]:
    return [(key_of(member), member.label) for member in vocabulary]


class FlagsFilter(django_filters.MultipleChoiceFilter):
    """Venues whose flags field holds any of the chosen values."""

    def __init__(self, *args, vocabulary: type[models.TextChoices], **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault("choices", vocabulary_choices(vocabulary))
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        by_key = {key_of(member): member for member in self.vocabulary}
        members = [by_key[key] for key in value]
        return qs.filter(**{f"{self.field_name}__has_any": members})


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


class VenueFilterSet(django_filters.FilterSet):
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
    # Applied by search.HoursFilter (see hours_filter()).
    open_now = OnlyIfChecked(label=_("Ouvert maintenant"))
    open_saturday = OnlyIfChecked(label=_("Ouvert le samedi"))
    hub = django_filters.CharFilter(
        field_name="departement__hub__slug", widget=forms.HiddenInput, label=_("Hub")
    )

    def cleaned(self) -> dict:
        """The valid filter values; an invalid value is left out, as if not given."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    def hours_filter(self, now: datetime.datetime) -> HoursFilter:
        """The opening-hours part of the search, evaluated at ``now``."""
        data = self.cleaned()
        return HoursFilter(
            open_at=now if data.get("open_now") else None,
            saturday=bool(data.get("open_saturday")),
        )

    @property
    def active(self) -> bool:
        """Whether any filter other than the hub narrows the search."""
        return any(value for name, value in self.cleaned().items() if name != "hub")
