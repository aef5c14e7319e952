"""The figures of coverage, read from ``CommuneCoverage``: the population living beyond 5, 10
and 20 km of any qualified venue, per département and in all, and the most populous communes
without a venue within 10 km. A few grouped queries, whatever the number of communes."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from directory.models import CommuneCoverage

THRESHOLDS_KM = (5, 10, 20)
UNSERVED_KM = 10
MOST_POPULOUS = 20


def grouped(value: int | None) -> str:
    """``value`` with French digit grouping: Django's floatformat costs a third of a
    millisecond a number, and the national table has seven hundred of them."""
    return f"{value or 0:,}".replace(",", "\xa0")


def decimal(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def beyond(km: float, field_name: str = "nearest_km") -> Q:
    """Communes with no venue within ``km`` (none at all counts as none within)."""
    return Q(**{f"{field_name}__gt": km}) | Q(**{f"{field_name}__isnull": True})


@dataclass
class AreaFigures:
    """One area's population in all and beyond each threshold (``THRESHOLDS_KM`` order)."""

    code: str
    name: str
    communes: int = 0
    population: int = 0
    beyond: list[int] = field(default_factory=lambda: [0] * len(THRESHOLDS_KM))

    def add(self, other: "AreaFigures") -> None:
        self.communes += other.communes
        self.population += other.population
        self.beyond = [a + b for a, b in zip(self.beyond, other.beyond, strict=True)]

    @property
    def rows(self) -> list[dict]:
        """Each threshold with its population and share, for a table."""
        return [
            {
                "km": km,
                "population": count,
                "population_text": grouped(count),
                "share": (share := 100 * count / self.population if self.population else 0),
                "share_text": decimal(share),
            }
            for km, count in zip(THRESHOLDS_KM, self.beyond, strict=True)
        ]

    @property
    def population_text(self) -> str:
        return grouped(self.population)


def _scope(departements: list[str] | None):
    queryset = CommuneCoverage.objects.all()
    if departements is not None:
        queryset = queryset.filter(commune__departement_id__in=departements)
    return queryset


def departement_figures(departements: list[str] | None = None) -> list[AreaFigures]:
    """Per département (of ``departements``, all when None), ordered by code."""
    population = Coalesce(Sum("commune__population"), 0)
    aggregates = {
        f"beyond_{km}": Coalesce(Sum("commune__population", filter=beyond(km)), 0)
        for km in THRESHOLDS_KM
    }
    rows = (
        _scope(departements)
        .order_by()
        .values("commune__departement_id", "commune__departement__name")
        .annotate(communes=Count("pk"), population=population, **aggregates)
        .order_by("commune__departement_id")
    )
    return [
        AreaFigures(
            code=row["commune__departement_id"],
            name=row["commune__departement__name"],
            communes=row["communes"],
            population=row["population"],
            beyond=[row[f"beyond_{km}"] for km in THRESHOLDS_KM],
        )
        for row in rows
    ]


def total(figures: list[AreaFigures], name: str = "") -> AreaFigures:
    result = AreaFigures(code="", name=name or _("Ensemble"))
    for area in figures:
        result.add(area)
    return result


def national_beyond(km: float = UNSERVED_KM) -> int:
    """France's population with no qualified venue within ``km``."""
    return CommuneCoverage.objects.filter(beyond(km)).aggregate(
        population=Coalesce(Sum("commune__population"), 0)
    )["population"]


def most_populous_unserved(
    departements: list[str] | None = None, *, km: float = UNSERVED_KM, limit: int = MOST_POPULOUS
) -> list[dict]:
    """The ``limit`` most populous communes without a venue within ``km``, each with its
    ``distances`` (nearest, pass numérique, Saturday)."""
    rows = list(
        _scope(departements)
        .filter(beyond(km), commune__population__gt=0)
        .order_by("-commune__population", "commune__name")
        .values(
            "commune_id",
            "commune__name",
            "commune__departement_id",
            "commune__population",
            "nearest_km",
            "pass_numerique_km",
            "saturday_km",
        )[:limit]
    )
    for row in rows:
        row["population_text"] = grouped(row["commune__population"])
        row["distances"] = [
            None if km is None else decimal(km, 0)
            for km in (row["nearest_km"], row["pass_numerique_km"], row["saturday_km"])
        ]
    return rows


CSV_HEADER = (
    "code_insee",
    "commune",
    "departement",
    "population",
    "distance_lieu_km",
    "distance_pass_numerique_km",
    "distance_ouvert_samedi_km",
)


def csv_rows(departements: list[str] | None = None):
    """Every commune of the scope with its distances, for the CSV download (a commune with
    no venue within reach has an empty distance)."""
    yield CSV_HEADER
    yield from (
        _scope(departements)
        .order_by("commune_id")
        .values_list(
            "commune_id",
            "commune__name",
            "commune__departement_id",
            "commune__population",
            "nearest_km",
            "pass_numerique_km",
            "saturday_km",
        )
        .iterator(chunk_size=2000)
    )


def map_points(departements: list[str]) -> list[tuple]:
    """(latitude, longitude, population, nearest km) of the communes drawn on a map."""
    return list(
        _scope(departements)
        .filter(commune__latitude__isnull=False)
        .order_by("-commune__population")
        .values_list("commune__latitude", "commune__longitude", "commune__population", "nearest_km")
    )
