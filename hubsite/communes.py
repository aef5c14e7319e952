"""Finding communes as people write them, in bulk: by INSEE code, postcode and name, old names
of merged communes, arrondissements and "Cedex" addresses included, and when a field is wrong.

Every app that reads addresses resolves communes here (the directory's importer and venue
form, the funding import to come): ``CommuneIndex.load`` reads the communes a batch of rows
may name in a few queries, however many rows, and ``resolve`` answers each row from memory.

``resolve_fixing`` says, besides the commune, what it had to correct, in French: a postcode
with two digits swapped, a postcode that does not serve the commune named, a former commune's
name (La Poste's 5th address line, ``hubsite/data/former_names.csv.gz``), an arrondissement's
INSEE code. Callers show each as a warning; none rejects a row.
"""

import csv
import functools
import gzip
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hubsite.models import Commune, PostalCode
from hubsite.models.territories import commune_code_for, departement_code_for, distance_km
from hubsite.territories_data.files import DATA_DIR, FORMER_NAMES_FILE
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


_ARRONDISSEMENT_RE = re.compile(r"\s+\d{1,2}\s*(?:er|e|eme)?(?:\s+arrondissement)?$")
# How far from a row's coordinates a commune found by its name alone may be.
NEAREST_BY_NAME_KM = 30


def name_keys(name: str) -> tuple[str, ...]:
    """The keys a written commune name may match: itself, and without an arrondissement
    ("Lyon 3e arrondissement", "Marseille 13" → "lyon", "marseille")."""
    key = commune_key(name)
    bare = _ARRONDISSEMENT_RE.sub("", key).strip()
    return (key, bare) if bare and bare != key else (key,)


def swapped_postcodes(postcode: str) -> list[str]:
    """``postcode`` with two neighbouring digits swapped, each way it can be: the slip most
    often made typing one (16010 for 16100)."""
    swaps = []
    for index in range(len(postcode) - 1):
        a, b = postcode[index], postcode[index + 1]
        if a != b:
            swapped = postcode[:index] + b + a + postcode[index + 2 :]
            if swapped not in swaps:
                swaps.append(swapped)
    return swaps


@functools.cache
def former_names() -> dict[str, list[tuple[str, str, str]]]:
    """Key of a former commune's (or a locality's) name → [(name, INSEE code, postcode)]."""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    with gzip.open(DATA_DIR / FORMER_NAMES_FILE, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found[commune_key(row["name"])].append(
                (row["name"], row["insee_code"], row["postcode"])
            )
    return dict(found)


@dataclass
class Resolution:
    commune: "CommuneRef | None"
    fixes: list[str] = field(default_factory=list)
    postcode: str = ""  # the corrected postcode, when its digits were swapped


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
    def load(
        cls,
        *,
        postcodes: Iterable[str],
        insee_codes: Iterable[str],
        names: Iterable[str] = (),
    ) -> "CommuneIndex":
        """Load the communes of the départements these codes point to, the communes each
        postcode (or the same with two digits swapped) serves, those of these ``names``
        anywhere in France and those former communes of these names belong to: a few
        queries, however many rows."""
        postcodes = sorted(set(postcodes))
        insee_codes = set(insee_codes)
        departements = {departement_code_for(code) for code in insee_codes}
        for code in postcodes:
            departements.update(departements_for_postcode(code))
        keys = sorted({key for name in names if name for key in name_keys(name)} - {""})
        former = former_names()
        insee_codes.update(entry[1] for key in keys for entry in former.get(key, ()))
        fields = cls.COMMUNE_FIELDS
        rows = list(Commune.objects.filter(departement_id__in=departements).values_list(*fields))
        for chunk in chunks(keys):
            rows += Commune.objects.filter(search_name__in=chunk).values_list(*fields)
        for chunk in chunks(sorted(insee_codes)):
            rows += Commune.objects.filter(insee_code__in=chunk).values_list(*fields)
        communes = [CommuneRef(*values) for values in rows]
        wanted = sorted({*postcodes, *(s for code in postcodes for s in swapped_postcodes(code))})
        pairs = []
        postcode_fields = ["code", *(f"commune__{name}" for name in fields)]
        for chunk in chunks(wanted):
            for code, *values in PostalCode.objects.filter(code__in=chunk).values_list(
                *postcode_fields
            ):
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
        """The commune ``resolve_fixing`` finds, without saying what it corrected."""
        return self.resolve_fixing(
            insee_code=insee_code,
            postcode=postcode,
            name=name,
            latitude=latitude,
            longitude=longitude,
        ).commune

    def resolve_fixing(
        self,
        *,
        insee_code: str,
        postcode: str,
        name: str,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> Resolution:
        """The commune by INSEE code (an arrondissement's gives its city); else by postcode and
        name (a former commune's name included); else by name with the postcode's digits
        swapped; else by name in the postcode's département, or alone when unique in France,
        or the one of that name nearest the coordinates; else the postcode's only commune, or
        its nearest. With what was corrected on the way, in French."""
        if insee_code:
            if commune := self.by_insee.get(insee_code):
                return Resolution(commune)
            if commune := self.by_insee.get(commune_code_for(insee_code)):
                return Resolution(
                    commune,
                    [
                        _("code INSEE %(code)s (un arrondissement) lu comme %(name)s (%(city)s)")
                        % {"code": insee_code, "name": commune.name, "city": commune.insee_code}
                    ],
                )
        keys = name_keys(name) if name else ()
        position = (latitude, longitude) if latitude is not None and longitude is not None else None
        candidates = self.by_postcode.get(postcode, [])
        if keys:
            if commune := self._named(candidates, keys):
                return Resolution(commune)
            if found := self._former(candidates, keys, name):
                return found
            for swapped in swapped_postcodes(postcode):
                if commune := self._named(self.by_postcode.get(swapped, []), keys):
                    fix = self._postcode_fix(postcode, commune, swapped)
                    return Resolution(commune, [fix], postcode=swapped)
            if found := self._by_name(keys, postcode, position):
                return found
        if len(candidates) == 1:
            return self._fallback(candidates[0], name, postcode)
        placed = [c for c in candidates if c.has_position]
        if position is not None and placed:
            nearest = min(placed, key=lambda c: distance_km(*position, c.latitude, c.longitude))
            return self._fallback(nearest, name, postcode)
        return Resolution(None)

    @staticmethod
    def _named(candidates: list[CommuneRef], keys: tuple[str, ...]) -> CommuneRef | None:
        for key in keys:
            named = [c for c in candidates if c.key == key]
            if len(named) == 1:
                return named[0]
        key = keys[0]
        prefixed = [c for c in candidates if c.key.startswith(key) or key.startswith(c.key)]
        return prefixed[0] if len(prefixed) == 1 else None

    def _former(self, candidates, keys, name) -> Resolution | None:
        """A former commune's name, in its postcode (or anywhere, when only one has it)."""
        entries = [entry for key in keys for entry in former_names().get(key, ())]
        codes = {code for _name, code, _postcode in entries}
        in_postcode = {c.insee_code for c in candidates} & codes
        if len(in_postcode) == 1:
            commune = self.by_insee[in_postcode.pop()]
        elif (
            len(codes) == 1
            and not any(self.by_name.get(key) for key in keys)
            and (commune := self.by_insee.get(next(iter(codes))))
        ):
            pass  # anywhere in France, when no commune of today bears the name
        else:
            return None
        return Resolution(
            commune,
            [
                _(
                    "« %(old)s » est une ancienne commune ou un lieu-dit de %(name)s : commune "
                    "%(name)s (%(code)s) retenue"
                )
                % {"old": name, "name": commune.name, "code": commune.insee_code}
            ],
        )

    def _by_name(self, keys, postcode, position) -> Resolution | None:
        departements = departements_for_postcode(postcode)
        named = [c for key in keys for c in self.by_name.get(key, [])]
        if not named:
            return None
        in_departement = [c for c in named if c.departement_id in departements]
        if len(in_departement) == 1:
            commune = in_departement[0]
        elif len(named) == 1:
            commune = named[0]
        elif position is not None:
            placed = [c for c in named if c.has_position]
            if not placed:
                return None
            commune = min(placed, key=lambda c: distance_km(*position, c.latitude, c.longitude))
            if distance_km(*position, commune.latitude, commune.longitude) > NEAREST_BY_NAME_KM:
                return None
        else:
            return None
        return Resolution(commune, [self._postcode_fix(postcode, commune, None)])

    @staticmethod
    def _postcode_fix(postcode: str, commune: CommuneRef, swapped: str | None) -> str:
        if swapped:
            return _(
                "code postal %(postcode)s corrigé en %(swapped)s (chiffres inversés) : %(name)s"
            ) % {"postcode": postcode, "swapped": swapped, "name": commune.name}
        return _(
            "le code postal %(postcode)s ne dessert pas %(name)s : commune trouvée par son "
            "nom (%(code)s)"
        ) % {"postcode": postcode, "name": commune.name, "code": commune.insee_code}

    @staticmethod
    def _fallback(commune: CommuneRef, name: str, postcode: str) -> Resolution:
        if not name or commune.key in name_keys(name):
            return Resolution(commune)
        return Resolution(
            commune,
            [
                _(
                    "commune « %(written)s » inconnue au code postal %(postcode)s : rattachée à "
                    "%(name)s (%(code)s)"
                )
                % {
                    "written": name,
                    "postcode": postcode,
                    "name": commune.name,
                    "code": commune.insee_code,
                }
            ],
        )
