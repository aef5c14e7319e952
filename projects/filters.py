"""The catalogue's search, filters and sorts (``/solutions/``), all read from the URL.

Values of one filter are alternatives (any of them), different filters combine. Where a
solution runs is where its organisation is, or any of its deployments (an ended one
included: it ran there), as ``SolutionPlace`` keeps it.
"""

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from hubsite.filters import FlagsFilter
from hubsite.models import Departement, Hub
from hubsite.vocabulary import Public, Service
from projects.models import MATURITY_RANK, Format, Maturity, ReuseTerms, SolutionPlace
from projects.search import MAX_QUERY_LENGTH, matching

RELEVANCE, MATURITY, NEWEST, PEOPLE = "pertinence", "maturite", "recent", "personnes"
SORTS = (
    (RELEVANCE, _("Pertinence")),
    (MATURITY, _("Maturité (les plus éprouvées d'abord)")),
    (NEWEST, _("Les plus récentes")),
    (PEOPLE, _("Personnes accompagnées par an")),
)


def maturity_rank():
    return Case(
        *(When(maturity=level, then=Value(rank)) for level, rank in MATURITY_RANK.items()),
        output_field=IntegerField(),
    )


def runs_in(codes: list[str]) -> Q:
    """Solutions whose organisation is in one of the départements ``codes``, or that are
    deployed there: one look-up of the places' index, no join through organisations."""
    places = SolutionPlace.objects.filter(departement_id__in=codes).values("solution_id")
    return Q(pk__in=places)


class CatalogueFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Mots-clés"),
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    services = FlagsFilter(vocabulary=Service, label=_("Services"))
    publics = FlagsFilter(vocabulary=Public, label=_("Publics"))
    maturite = django_filters.MultipleChoiceFilter(
        field_name="maturity",
        choices=Maturity.choices,
        widget=forms.CheckboxSelectMultiple,
        # One row per solution already: DISTINCT over the whole row would cost a sort.
        distinct=False,
        label=_("Maturité"),
    )
    format = FlagsFilter(
        field_name="formats", vocabulary=Format, key=lambda member: member.value, label=_("Formats")
    )
    reprise = django_filters.MultipleChoiceFilter(
        field_name="reuse_terms",
        choices=ReuseTerms.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
        label=_("Conditions de reprise"),
    )
    hub = django_filters.ChoiceFilter(method="in_hub", label=_("Territoire d'un hub"))
    departement = django_filters.ChoiceFilter(method="in_departement", label=_("Département"))
    cout_min = django_filters.NumberFilter(
        field_name="cost_per_person",
        lookup_expr="gte",
        min_value=0,
        label=_("Coût par personne, à partir de (€)"),
    )
    cout_max = django_filters.NumberFilter(
        field_name="cost_per_person",
        lookup_expr="lte",
        min_value=0,
        label=_("Coût par personne, jusqu'à (€)"),
    )
    tri = django_filters.ChoiceFilter(
        choices=SORTS, method="sort_later", label=_("Trier par"), empty_label=None
    )

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Hubs and départements: two small queries, whatever the catalogue's size.
        self.filters["hub"].extra["choices"] = list(
            Hub.objects.order_by("name").values_list("slug", "name")
        )
        self.filters["departement"].extra["choices"] = [
            (code, f"{name} ({code})")
            for code, name in Departement.objects.order_by("code").values_list("code", "name")
        ]

    def search(self, queryset, name, value):
        return matching(queryset, value) if value.strip() else queryset

    def in_hub(self, queryset, name, value):
        codes = list(Departement.objects.filter(hub__slug=value).values_list("code", flat=True))
        return queryset.filter(runs_in(codes))

    def in_departement(self, queryset, name, value):
        return queryset.filter(runs_in([value]))

    def sort_later(self, queryset, name, value):
        return queryset  # applied last, once the search has annotated the relevance

    def cleaned(self) -> dict:
        """The valid values; an invalid one is left out, as if not given."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})

    @property
    def query(self) -> str:
        return (self.cleaned().get("q") or "").strip()

    @property
    def sort(self) -> str:
        chosen = self.cleaned().get("tri")
        if chosen == RELEVANCE and not self.query:
            chosen = None
        return chosen or (RELEVANCE if self.query else MATURITY)

    @property
    def active(self) -> bool:
        """Whether anything but the sort narrows the list."""
        return any(value for name, value in self.cleaned().items() if name != "tri")

    def filter_queryset(self, queryset):
        data = self.cleaned()
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        return self.ordered(queryset)

    def ordered(self, queryset):
        sort = self.sort
        if sort == RELEVANCE:
            return queryset.annotate(_rank=maturity_rank()).order_by(
                "-relevance", "-_rank", "title", "pk"
            )
        if sort == NEWEST:
            return queryset.order_by(F("first_published_at").desc(nulls_last=True), "-pk")
        if sort == PEOPLE:
            return queryset.order_by(F("people_per_year").desc(nulls_last=True), "title", "pk")
        return queryset.annotate(_rank=maturity_rank()).order_by("-_rank", "title", "pk")
