"""Finding communes as people write them, in bulk: by INSEE code, postcode and name, old names
of merged communes and "Cedex" addresses included.

Every app that reads addresses resolves communes here (the directory's importer and venue
form, the funding import to come): ``CommuneIndex.load`` reads the communes a batch of rows
may name in a few queries, however many rows, and ``resolve`` answers each row from memory.
"""

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hubsite.models import Commune, PostalCode
from hubsite.models.territories import commune_code_for, departement_code_for, distance_km
from hubsite.text import normalize_name

# Codes per ``IN`` lookup: well under SQLite's and PostgreSQL's parameter limits.
QUERY_CHUNK = 500


@dataclass(frozen=True)
class CommuneRef:
    """A commune as the index holds it: what resolving and placing need, no model instance."""

    insee_code: str
    name: str
    search_name: str
    departement_id: str
    latitude: float | None
    longitude: float | None

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def key(self) -> str:
        return commune_key(self.name)


def departements_for_postcode(postcode: str) -> tuple[str, ...]:
    """The départements a postcode may belong to: Corsica's "20" is both 2A and 2B."""
    if postcode.startswith("20"):
        return ("2A", "2B")
    if postcode.startswith(("97", "98")):
        return (postcode[:3],)
    return (postcode[:2],)


_CEDEX_RE = re.compile(r"\bcedex\b.*$")


@functools.lru_cache(maxsize=65536)
def commune_key(name: str) -> str:
    """A commune's name as compared: normalised, without "Cedex" and what follows."""
    return _CEDEX_RE.sub("", normalize_name(name)).strip()


def chunks(values: list, size: int = QUERY_CHUNK) -> Iterator[list]:
    """``values`` in slices of ``size``, for lookups of many codes at once."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


class CommuneIndex:
    """The communes a file may name, loaded once, found by INSEE code, postcode and name."""

    COMMUNE_FIELDS = (
        "insee_code",
        "name",
        "search_name",
        "departement_id",
        "latitude",
        "longitude",
    )

    def __init__(self, communes: Iterable[CommuneRef], postcodes: Iterable[tuple[str, CommuneRef]]):
        self.by_insee: dict[str, CommuneRef] = {}
        self.by_name: dict[str, list[CommuneRef]] = defaultdict(list)
        self.by_postcode: dict[str, list[CommuneRef]] = defaultdict(list)
        for commune in communes:
            self._add(commune)
        for code, commune in postcodes:
            self._add(commune)
            if commune not in self.by_postcode[code]:
                self.by_postcode[code].append(commune)

    def _add(self, commune: CommuneRef) -> None:
        if commune.insee_code not in self.by_insee:
            self.by_insee[commune.insee_code] = commune
            self.by_name[commune.key].append(commune)

    @classmethod
    def load(cls, *, postcodes: Iterable[str], insee_codes: Iterable[str]) -> "CommuneIndex":
        """Load the communes of the départements these codes point to, and the communes each
        postcode serves (a postcode may cross a département's border): a few queries, however
        many rows."""
        postcodes = sorted(set(postcodes))
        insee_codes = sorted(set(insee_codes))
        departements = {departement_code_for(code) for code in insee_codes}
        for code in postcodes:
            departements.update(departements_for_postcode(code))
        communes = [
            CommuneRef(*values)
            for values in Commune.objects.filter(departement_id__in=departements).values_list(
                *cls.COMMUNE_FIELDS
            )
        ]
        pairs = []
        fields = ["code", *(f"commune__{name}" for name in cls.COMMUNE_FIELDS)]
        for chunk in chunks(postcodes):
            for code, *values in PostalCode.objects.filter(code__in=chunk).values_list(*fields):
                pairs.append((code, CommuneRef(*values)))
        return cls(communes, pairs)

    def resolve(
        self,
        *,
        insee_code: str,
        postcode: str,
        name: str,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> CommuneRef | None:
        """The commune by INSEE code, else among the postcode's communes by name, else by name
        in the postcode's département, else the postcode's only commune, else (with a
        position) the postcode's nearest commune: old names of merged communes end there."""
        if insee_code:
            commune = self.by_insee.get(insee_code) or self.by_insee.get(
                commune_code_for(insee_code)
            )
            if commune:
                return commune
        key = commune_key(name)
        candidates = self.by_postcode.get(postcode, [])
        if key:
            named = [c for c in candidates if c.key == key]
            if len(named) == 1:
                return named[0]
            prefixed = [c for c in candidates if c.key.startswith(key) or key.startswith(c.key)]
            if len(prefixed) == 1:
                return prefixed[0]
            departements = departements_for_postcode(postcode)
            in_departement = [
                c for c in self.by_name.get(key, []) if c.departement_id in departements
            ]
            if len(in_departement) == 1:
                return in_departement[0]
        if len(candidates) == 1:
            return candidates[0]
        placed = [c for c in candidates if c.has_position]
        if latitude is not None and longitude is not None and placed:
            return min(
                placed, key=lambda c: distance_km(latitude, longitude, c.latitude, c.longitude)
            )
        return None
