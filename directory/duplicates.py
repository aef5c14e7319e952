"""Finding the venues of a commune that are likely the same place (no writes: see
``directory.duplicate_services``).

Two venues are compared only when they are in the same commune and share a key (a
distinctive word of their name, the start of their name, their phone or an e-mail address):
the work grows with the number of venues, not with its square, and a word so common in a
commune that it would pair hundreds of venues ("médiathèque" in Paris) is no key there.
A pair is a candidate when the names are close (normalised: accents, case, punctuation, the
commune's name and words such as "mairie de" or "espace" left out) and something else agrees
(address, phone, e-mail, under 50 m apart), or when the names are nearly the same. Distinct
places in one building (a library and a social centre at the town hall's address) share the
address and the position but not the name: they are not proposed.
"""

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from hubsite.text import normalize_name

# Words that say what kind of place it is, not which one.
COMMON_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "sur",
        "pour",
        "par",
        "espace",
        "espaces",
        "mairie",
        "maison",
        "point",
        "lieu",
        "numerique",
        "services",
        "service",
        "france",
    ]
)
ADDRESS_WORDS = {
    "r": "rue",
    "av": "avenue",
    "ave": "avenue",
    "bd": "boulevard",
    "bld": "boulevard",
    "pl": "place",
    "ch": "chemin",
    "chem": "chemin",
    "imp": "impasse",
    "all": "allee",
    "rte": "route",
    "fbg": "faubourg",
    "sq": "square",
    "crs": "cours",
}
ADDRESS_DROPPED = frozenset({"bis", "ter", "de", "du", "des", "la", "le", "les", "l", "d"})

MAX_BLOCK = 200  # venues sharing a word of a commune beyond which the word is no key there
NEAR_METRES = 50
NAME_CLOSE = 70  # with another sign that agrees
NAME_SAME = 90  # enough alone
ADDRESS_SAME = 90
ADDRESS_CLOSE = 75
FLAG_SCORE = 75  # an imported row this close to an existing venue is flagged


@dataclass(frozen=True)
class Sketch:
    """What comparing a venue needs, normalised once."""

    pk: int | None
    commune_id: str
    name: str
    name_key: str
    words: frozenset[str]
    address: str
    phone: str
    emails: frozenset[str]
    latitude: float | None
    longitude: float | None

    def block_keys(self) -> Iterator[tuple[str, str]]:
        if self.name_key:
            yield "name", self.name_key
            yield "start", self.name_key.replace(" ", "")[:4]
        for word in self.words:
            if len(word) >= 3:
                yield "word", word
        if self.phone:
            yield "phone", self.phone
        for email in self.emails:
            yield "email", email


@dataclass(frozen=True)
class Candidate:
    first: Sketch
    second: Sketch
    score: int
    reasons: list[str] = field(hash=False)


def _joined_initials(words: list[str]) -> list[str]:
    """ "A.P.E.J." normalises to "a p e j": read as the acronym "apej"."""
    joined: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        joined += ["".join(run)] if len(run) > 1 else run
        run = []
        if word:
            joined.append(word)
    return joined


def name_words(name: str, commune_name: str = "") -> list[str]:
    commune_words = set(normalize_name(commune_name).split())
    words = _joined_initials(normalize_name(name).split())
    kept = [word for word in words if word not in COMMON_WORDS and word not in commune_words]
    return kept or words


def normalize_address(address: str) -> str:
    words = [ADDRESS_WORDS.get(word, word) for word in normalize_name(address).split()]
    return " ".join(word for word in words if word not in ADDRESS_DROPPED)


def normalize_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-9:] if len(digits) >= 9 else ""


def normalize_emails(emails: str) -> frozenset[str]:
    return frozenset(part.lower() for part in re.split(r"[\s;,|]+", emails or "") if "@" in part)


def sketch(
    *,
    pk: int | None,
    commune_id: str,
    name: str,
    commune_name: str = "",
    address: str = "",
    phone: str = "",
    emails: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    position_is_approximate: bool = False,
) -> Sketch:
    words = name_words(name, commune_name)
    exact = not position_is_approximate and latitude is not None and longitude is not None
    return Sketch(
        pk=pk,
        commune_id=commune_id,
        name=name,
        name_key=" ".join(sorted(words)),
        words=frozenset(words),
        address=normalize_address(address),
        phone=normalize_phone(phone),
        emails=normalize_emails(emails),
        latitude=latitude if exact else None,
        longitude=longitude if exact else None,
    )


SKETCH_FIELDS = (
    "pk",
    "commune_id",
    "name",
    "commune_name",
    "address",
    "phone",
    "emails",
    "latitude",
    "longitude",
    "position_is_approximate",
)


def sketches(venues) -> Iterator[Sketch]:
    """Sketches of a venue queryset, read with ``values_list`` (no model instances)."""
    for values in venues.values_list(*SKETCH_FIELDS).iterator(chunk_size=5000):
        yield sketch(**dict(zip(SKETCH_FIELDS, values, strict=True)))


def metres_apart(a: Sketch, b: Sketch) -> float | None:
    if a.latitude is None or b.latitude is None:
        return None
    mean_latitude = math.radians((a.latitude + b.latitude) / 2)
    dx = math.radians(b.longitude - a.longitude) * math.cos(mean_latitude)
    dy = math.radians(b.latitude - a.latitude)
    return 6_371_000 * math.hypot(dx, dy)


def _numbers(words: frozenset[str]) -> frozenset[str]:
    return frozenset(word for word in words if word.isdigit())


def compare(a: Sketch, b: Sketch) -> Candidate | None:
    """The pair with its score (0-100) and reasons, or None if they look like two places
    (names too far apart, or numbered differently: "Centre social 1" and "Centre social 2")."""
    numbers_a, numbers_b = _numbers(a.words), _numbers(b.words)
    if numbers_a and numbers_b and numbers_a != numbers_b:
        return None
    name = (
        fuzz.token_set_ratio(a.name_key, b.name_key) + fuzz.token_sort_ratio(a.name_key, b.name_key)
    ) / 2
    if name < NAME_CLOSE:
        return None
    reasons = [
        _("même nom") if name >= 99.5 else _("noms proches (%(score)d %%)") % {"score": name}
    ]
    score = 0.5 * name
    signs = 0
    if a.address and b.address:
        address = fuzz.token_sort_ratio(a.address, b.address)
        if address >= ADDRESS_SAME:
            score, signs = score + 20, signs + 1
            reasons.append(_("même adresse"))
        elif address >= ADDRESS_CLOSE:
            score, signs = score + 10, signs + 1
            reasons.append(_("adresses proches"))
    if a.phone and a.phone == b.phone:
        score, signs = score + 15, signs + 1
        reasons.append(_("même téléphone"))
    if a.emails & b.emails:
        score, signs = score + 15, signs + 1
        reasons.append(_("même courriel"))
    distance = metres_apart(a, b)
    if distance is not None and distance <= NEAR_METRES:
        score, signs = score + 15, signs + 1
        reasons.append(_("à %(metres)d m l'un de l'autre") % {"metres": round(distance)})
    if not signs and name < NAME_SAME:
        return None
    first, second = (a, b) if (a.pk or 0) <= (b.pk or 0) else (b, a)
    return Candidate(first, second, min(100, round(score)), reasons)


def _blocks(group: list[Sketch]) -> Iterator[list[Sketch]]:
    index: dict[tuple[str, str], list[Sketch]] = defaultdict(list)
    for item in group:
        for key in item.block_keys():
            index[key].append(item)
    for (kind, _value), members in index.items():
        if len(members) > 1 and (kind == "name" or len(members) <= MAX_BLOCK):
            yield members


def find_in_commune(group: list[Sketch]) -> list[Candidate]:
    """The candidate pairs among the venues of one commune, each once."""
    seen: set[tuple[int, int]] = set()
    found = []
    for members in _blocks(group):
        for a, b in combinations(members, 2):
            key = (min(id(a), id(b)), max(id(a), id(b)))
            if key in seen:
                continue
            seen.add(key)
            if candidate := compare(a, b):
                found.append(candidate)
    return found


def find_candidates(items: Iterable[Sketch]) -> Iterator[Candidate]:
    """The candidate pairs among ``items``, compared within each commune only."""
    by_commune: dict[str, list[Sketch]] = defaultdict(list)
    for item in items:
        if item.commune_id:
            by_commune[item.commune_id].append(item)
    for group in by_commune.values():
        yield from find_in_commune(group)


def lookalikes(new: list[Sketch], existing: Iterable[Sketch]) -> dict[int, Candidate]:
    """For each of ``new`` (by index) the existing venue of its commune it most resembles, when
    the pair scores ``FLAG_SCORE`` or more."""
    index: dict[tuple[str, tuple[str, str]], list[Sketch]] = defaultdict(list)
    for item in existing:
        for key in item.block_keys():
            index[(item.commune_id, key)].append(item)
    found = {}
    for number, item in enumerate(new):
        compared: set[int] = set()
        best = None
        for key in item.block_keys():
            members = index.get((item.commune_id, key), ())
            if key[0] != "name" and len(members) > MAX_BLOCK:
                continue
            for other in members:
                if other.pk in compared:
                    continue
                compared.add(other.pk)
                candidate = compare(item, other)
                if (
                    candidate
                    and candidate.score >= FLAG_SCORE
                    and (best is None or candidate.score > best.score)
                ):
                    best = candidate
        if best is not None:
            found[number] = best
    return found
