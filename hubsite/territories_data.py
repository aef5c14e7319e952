"""France's territories: derive the shipped files from open data, and load them into the database.

``build_territory_data`` reads the raw INSEE, La Poste and IGN files once and writes the compact
files of ``hubsite/data/``; ``load_territories`` reads only those, so the project never needs the
raw sources at run time.
"""

import csv
import gzip
import io
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from django.db import transaction

from hubsite.geometry import douglas_peucker_indices
from hubsite.models.territories import (
    Commune,
    Departement,
    PostalCode,
    Region,
    commune_code_for,
    departement_code_for,
)
from hubsite.text import normalize_name, unaccent

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_FILE = "regions.csv"
DEPARTEMENTS_FILE = "departements.csv"
COMMUNES_FILE = "communes.csv.gz"
BOUNDARIES_FILE = "departements.geojson"

# The raw files, named as in their publication (see the README's data attribution).
SOURCE_REGIONS = "insee_cog_regions.csv"
SOURCE_DEPARTEMENTS = "insee_cog_departements.csv"
SOURCE_POPULATIONS = "insee_populations-legales_donnees_communes.csv"
SOURCE_POSTCODES = "laposte_hexasmal_2020.csv"
SOURCE_BOUNDARIES = "france-geojson_departements-avec-outre-mer.geojson"

# A commune split into arrondissements is placed on the arrondissement of its town hall.
TOWN_HALL_ARRONDISSEMENT = {"75056": "75104", "69123": "69381", "13055": "13202"}

# Boundary simplification: tolerance in degrees of latitude (0.003° ≈ 330 m, about a pixel when
# a département fills a phone's screen), coordinates rounded to 4 decimals (≈ 10 m). All 101
# départements then weigh about 0.55 MB.
DEFAULT_TOLERANCE = 0.003
DEFAULT_PRECISION = 4
COORDINATE_DECIMALS = 5

COMMUNE_COLUMNS = [
    "insee_code",
    "name",
    "departement",
    "postcodes",
    "latitude",
    "longitude",
    "population",
]


class SourceError(ValueError):
    """A raw source file is missing, or lacks a column the build needs."""


# --- Geometry --------------------------------------------------------------------------------


def _ring_area(ring: Sequence[Sequence[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"Unsupported geometry type {geometry['type']!r}")


def simplify_ring(ring: Sequence[Sequence[float]], tolerance: float, precision: int) -> list | None:
    """A closed lon/lat ring simplified and rounded, or None when it collapses (fewer than four
    positions or no area left). Longitudes are scaled by cos(latitude) so that the tolerance,
    in degrees of latitude, is about the same distance in every direction."""
    mean_lat = sum(lat for _, lat in ring) / len(ring)
    scale = math.cos(math.radians(mean_lat))
    scaled = [(lon * scale, lat) for lon, lat in ring]
    simplified = []
    for index in douglas_peucker_indices(scaled, tolerance):
        point = [round(ring[index][0], precision), round(ring[index][1], precision)]
        if not simplified or point != simplified[-1]:
            simplified.append(point)
    if simplified and simplified[0] != simplified[-1]:
        simplified.append(list(simplified[0]))
    if len(simplified) < 4 or _ring_area(simplified) == 0:
        return None
    return simplified


def simplify_geometry(geometry: dict, tolerance: float, precision: int) -> dict | None:
    """A (Multi)Polygon simplified ring by ring: a polygon whose exterior collapses is dropped
    with its holes, a collapsed hole alone. None when nothing is left."""
    polygons = []
    for polygon in _polygons(geometry):
        exterior = simplify_ring(polygon[0], tolerance, precision)
        if exterior is None:
            continue
        holes = [simplify_ring(hole, tolerance, precision) for hole in polygon[1:]]
        polygons.append([exterior, *(hole for hole in holes if hole is not None)])
    if not polygons:
        return None
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def geometry_bbox(geometry: dict) -> list[float]:
    """[min longitude, min latitude, max longitude, max latitude] of a (Multi)Polygon."""
    lons, lats = [], []
    for polygon in _polygons(geometry):
        for ring in polygon:
            lons.extend(point[0] for point in ring)
            lats.extend(point[1] for point in ring)
    return [min(lons), min(lats), max(lons), max(lats)]


def geometry_positions(geometry: dict) -> int:
    return sum(len(ring) for polygon in _polygons(geometry) for ring in polygon)


# --- Names -----------------------------------------------------------------------------------

# How La Poste's upper-case, unaccented, unpunctuated names are written in the official style.
_LEADING_ARTICLES = {"LE": "Le ", "LA": "La ", "LES": "Les ", "L": "L'"}
_PARTICLES = {
    "A": "à",
    "AU": "au",
    "AUX": "aux",
    "D": "d'",
    "DE": "de",
    "DES": "des",
    "DU": "du",
    "EN": "en",
    "ET": "et",
    "L": "l'",
    "LA": "la",
    "LE": "le",
    "LES": "les",
    "LEZ": "lez",
    "SOUS": "sous",
    "SUR": "sur",
}
_SAINTS = {"ST": "Saint", "STE": "Sainte", "STS": "Saints", "STES": "Saintes"}


def _word_key(word: str) -> str:
    return unaccent(word).upper().replace("Œ", "OE").replace("Æ", "AE")


def accent_dictionary(names: Iterable[str]) -> dict[str, str]:
    """Map each upper-case unaccented word of ``names`` to its most frequent capitalised spelling:
    "CHATILLON" -> "Châtillon", learnt from INSEE's names."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for name in names:
        for word in re.split(r"[ \-'\u2019]+", name):
            if word[:1].isupper():
                forms[_word_key(word)][word] += 1
    return {
        key: max(counter.items(), key=lambda item: (item[1], item[0]))[0]
        for key, counter in forms.items()
    }


def proper_case_name(upper_name: str, accents: dict[str, str] | None = None) -> str:
    """A commune name in the official style from La Poste's spelling:
    "ST MARTIN DE FONTENAY" -> "Saint-Martin-de-Fontenay", "L HOPITAL SOUS ROCHEFORT" ->
    "L'Hôpital-sous-Rochefort" (accents restored from ``accents`` when known)."""
    accents = accents or {}
    words = re.split(r"[ \-'\u2019]+", upper_name.strip().upper())
    words = [word for word in words if word]
    prefix = ""
    if len(words) > 1 and words[0] in _LEADING_ARTICLES:
        prefix = _LEADING_ARTICLES[words.pop(0)]
    parts = []
    for index, word in enumerate(words):
        is_last = index == len(words) - 1
        if index > 0 and word in _PARTICLES and not (is_last and len(word) == 1):
            parts.append(_PARTICLES[word])
        elif word in _SAINTS:
            parts.append(_SAINTS[word])
        elif len(word) == 1 and not is_last:
            parts.append(word + "'")
        else:
            parts.append(accents.get(word, word.capitalize()))
    text = ""
    for part in parts:
        text += part if not text or text.endswith("'") else "-" + part
    return prefix + text


_ARRONDISSEMENT_SUFFIX = re.compile(r"\s+\d+(?:er|e|ème)?\s+arrondissement$", re.IGNORECASE)


# --- Build -----------------------------------------------------------------------------------


@dataclass
class CommuneRecord:
    insee_code: str
    name: str
    departement: str
    postcodes: set[str] = field(default_factory=set)
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None


@dataclass
class BuildReport:
    regions: int = 0
    departements: int = 0
    communes: int = 0
    postcodes: int = 0
    boundaries: int = 0
    boundary_positions_before: int = 0
    boundary_positions_after: int = 0
    without_population: list[str] = field(default_factory=list)
    without_postcode: list[str] = field(default_factory=list)
    without_position: list[str] = field(default_factory=list)
    recoded: dict[str, str] = field(default_factory=dict)
    borrowed: dict[str, str] = field(default_factory=dict)
    skipped_outside: list[str] = field(default_factory=list)
    arrondissements: dict[str, int] = field(default_factory=dict)
    file_sizes: dict[str, int] = field(default_factory=dict)


def _read_csv(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise SourceError(f"Missing source file {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = handle.readline()
        handle.seek(0)
        delimiter = ";" if header.count(";") > header.count(",") else ","
        reader = csv.DictReader(handle, delimiter=delimiter)
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(f"{path.name} lacks the column(s) {', '.join(missing)}")
        return [
            {key.strip(): (value or "").strip() for key, value in row.items() if key}
            for row in reader
        ]


def _parse_gps(value: str) -> tuple[float, float] | None:
    if not value:
        return None
    latitude, longitude = (float(part) for part in value.split(","))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude


def derive_communes(
    populations: list[dict[str, str]],
    postcodes: list[dict[str, str]],
    departement_codes: set[str],
    report: BuildReport,
) -> list[CommuneRecord]:
    """Join INSEE's legal populations to La Poste's postcodes on the INSEE code.

    Paris, Lyon and Marseille are rebuilt from their arrondissements. A commune missing from La
    Poste takes the postcodes and position of the La Poste code listed under its name in its
    département (its code changed), or else of the La Poste lines whose 5th line names it (it was
    a commune déléguée): the position is then its former commune's, approximate. La Poste codes
    left over (communes merged since, and communes absent from the population file such as
    Mayotte's) are kept without population; those outside the 101 départements are skipped.
    """
    communes: dict[str, CommuneRecord] = {}
    arrondissement_names: dict[str, str] = {}
    for row in populations:
        code, departement = row["COM"].upper(), row["DEP"].upper()
        if departement not in departement_codes:
            raise SourceError(f"Commune {code} in unknown département {departement}")
        population = int(row["PMUN"]) if row["PMUN"] else None
        target = commune_code_for(code)
        if target != code:
            arrondissement_names[target] = _ARRONDISSEMENT_SUFFIX.sub("", row["Commune"])
            record = communes.setdefault(
                target, CommuneRecord(target, "", departement, population=0)
            )
            record.population += population or 0
            report.arrondissements[target] = report.arrondissements.get(target, 0) + 1
            continue
        communes[code] = CommuneRecord(code, row["Commune"], departement, population=population)
    for code, name in arrondissement_names.items():
        communes[code].name = name

    positions: dict[str, tuple[float, float]] = {}
    by_code: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in postcodes:
        code = row["Code_commune_INSEE"].upper()
        by_code[code].append(row)
        position = _parse_gps(row["coordonnees_gps"])
        if position is not None:
            positions.setdefault(code, position)

    def attach(record: CommuneRecord, code: str) -> None:
        record.postcodes.update(row["Code_postal"] for row in by_code.get(code, ()))
        if record.latitude is None and code in positions:
            record.latitude, record.longitude = positions[code]

    for code in by_code:
        target = commune_code_for(code)
        if target in communes and target != code:
            attach(communes[target], code)
    for commune_code, town_hall in TOWN_HALL_ARRONDISSEMENT.items():
        if commune_code in communes and town_hall in positions:
            record = communes[commune_code]
            record.latitude, record.longitude = positions[town_hall]
    for code, record in communes.items():
        if code in by_code:
            attach(record, code)

    leftover = {code for code in by_code if code not in communes and commune_code_for(code) == code}
    orphans = [record for record in communes.values() if not record.postcodes]

    # A commune nouvelle that moved its chef-lieu, or whose old code went back to a
    # re-established commune, got a new code: La Poste still lists it by name under the old one.
    codes_by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, rows in by_code.items():
        key = (departement_code_for(code), normalize_name(rows[0]["Nom_commune"]))
        codes_by_name[key].append(code)
    for record in orphans:
        matches = codes_by_name.get((record.departement, normalize_name(record.name)), [])
        if len(matches) == 1:
            old = matches[0]
            attach(record, old)
            if old in leftover:
                leftover.discard(old)
                report.recoded[old] = record.insee_code
            else:
                report.borrowed[record.insee_code] = old

    # A commune re-established from a commune déléguée appears in La Poste's 5th address line.
    by_line5: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for code, rows in by_code.items():
        for row in rows:
            if row["Ligne_5"]:
                key = (departement_code_for(code), normalize_name(row["Ligne_5"]))
                by_line5[key].append(row)
    for record in orphans:
        if record.postcodes:
            continue
        rows = by_line5.get((record.departement, normalize_name(record.name)), [])
        former = {row["Code_commune_INSEE"].upper() for row in rows}
        if len(former) == 1:
            (former_code,) = former
            record.postcodes.update(row["Code_postal"] for row in rows)
            if former_code in positions:
                record.latitude, record.longitude = positions[former_code]
            report.borrowed[record.insee_code] = former_code

    accents = accent_dictionary(row["Commune"] for row in populations)
    for code in sorted(leftover):
        departement = departement_code_for(code)
        if departement not in departement_codes:
            report.skipped_outside.append(code)
            continue
        record = CommuneRecord(
            code, proper_case_name(by_code[code][0]["Nom_commune"], accents), departement
        )
        attach(record, code)
        communes[code] = record

    result = sorted(communes.values(), key=lambda record: record.insee_code)
    report.without_population = [r.insee_code for r in result if r.population is None]
    report.without_postcode = [r.insee_code for r in result if not r.postcodes]
    report.without_position = [r.insee_code for r in result if r.latitude is None]
    return result


def _format_number(value: float | None, decimals: int) -> str:
    return "" if value is None else f"{round(value, decimals):.{decimals}f}".rstrip("0").rstrip(".")


def _write_csv(path: Path, header: list[str], rows: Iterable[Sequence]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    if path.suffix == ".gz":
        raw = io.BytesIO()
        # mtime=0 and no file name: the same data gives the same bytes, so git sees no change.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(data)
        data = raw.getvalue()
    path.write_bytes(data)


def build(
    source: Path,
    output: Path = DATA_DIR,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    precision: int = DEFAULT_PRECISION,
) -> BuildReport:
    """Read the raw open-data files in ``source`` and write the shipped files into ``output``."""
    report = BuildReport()
    regions = _read_csv(source / SOURCE_REGIONS, ["REG", "LIBELLE"])
    departements = _read_csv(source / SOURCE_DEPARTEMENTS, ["DEP", "REG", "LIBELLE"])
    populations = _read_csv(source / SOURCE_POPULATIONS, ["COM", "DEP", "Commune", "PMUN"])
    postcodes = _read_csv(
        source / SOURCE_POSTCODES,
        ["Code_commune_INSEE", "Nom_commune", "Code_postal", "Ligne_5", "coordonnees_gps"],
    )
    boundaries_path = source / SOURCE_BOUNDARIES
    if not boundaries_path.is_file():
        raise SourceError(f"Missing source file {boundaries_path}")
    boundaries = json.loads(boundaries_path.read_text(encoding="utf-8"))

    region_codes = {row["REG"] for row in regions}
    for row in departements:
        if row["REG"] not in region_codes:
            raise SourceError(f"Département {row['DEP']} in unknown region {row['REG']}")
    departement_codes = {row["DEP"].upper() for row in departements}
    communes = derive_communes(populations, postcodes, departement_codes, report)

    features = []
    for feature in boundaries["features"]:
        code = str(feature["properties"]["code"]).upper()
        if code not in departement_codes:
            raise SourceError(f"Boundary of unknown département {code}")
        geometry = feature["geometry"]
        simplified = simplify_geometry(geometry, tolerance, precision)
        if simplified is None:
            raise SourceError(f"The boundary of {code} collapses at tolerance {tolerance}")
        report.boundary_positions_before += geometry_positions(geometry)
        report.boundary_positions_after += geometry_positions(simplified)
        bbox = geometry_bbox(geometry)
        features.append(
            {
                "type": "Feature",
                "bbox": [round(value, COORDINATE_DECIMALS) for value in bbox],
                "properties": {"code": code, "name": feature["properties"].get("nom", "")},
                "geometry": simplified,
            }
        )
    features.sort(key=lambda feature: feature["properties"]["code"])

    output.mkdir(parents=True, exist_ok=True)
    _write_csv(
        output / REGIONS_FILE,
        ["code", "name"],
        sorted((row["REG"], row["LIBELLE"]) for row in regions),
    )
    _write_csv(
        output / DEPARTEMENTS_FILE,
        ["code", "region", "name"],
        sorted((row["DEP"].upper(), row["REG"], row["LIBELLE"]) for row in departements),
    )
    _write_csv(
        output / COMMUNES_FILE,
        COMMUNE_COLUMNS,
        (
            (
                record.insee_code,
                record.name,
                record.departement,
                "|".join(sorted(record.postcodes)),
                _format_number(record.latitude, COORDINATE_DECIMALS),
                _format_number(record.longitude, COORDINATE_DECIMALS),
                "" if record.population is None else record.population,
            )
            for record in communes
        ),
    )
    # One feature a line: readable diffs when the sources change.
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    (output / BOUNDARIES_FILE).write_text(
        '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n",
        encoding="utf-8",
    )

    report.regions = len(regions)
    report.departements = len(departements)
    report.communes = len(communes)
    report.postcodes = sum(len(record.postcodes) for record in communes)
    report.boundaries = len(features)
    for name in (REGIONS_FILE, DEPARTEMENTS_FILE, COMMUNES_FILE, BOUNDARIES_FILE):
        report.file_sizes[name] = (output / name).stat().st_size
    return report


# --- Shipped files ---------------------------------------------------------------------------


def _read_shipped_csv(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _optional_float(value: str) -> float | None:
    return float(value) if value else None


@dataclass
class SyncCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __str__(self):
        text = f"{self.created} créés, {self.updated} mis à jour, {self.unchanged} inchangés"
        return text + (f", {self.deleted} supprimés" if self.deleted else "")


def _sync(model, rows: dict[str, dict], fields: list[str], batch_size: int) -> SyncCounts:
    """Create the rows of ``rows`` (primary key -> field values) that are missing, update those
    that differ on ``fields``, leave the others and every other field alone."""
    counts = SyncCounts()
    pk_name = model._meta.pk.attname
    existing = {values[0]: values[1:] for values in model.objects.values_list(pk_name, *fields)}
    to_create, to_update = [], []
    for pk, values in rows.items():
        current = existing.get(pk)
        wanted = tuple(values[name] for name in fields)
        if current is None:
            to_create.append(model(**{pk_name: pk}, **values))
        elif current != wanted:
            obj = model(**{pk_name: pk}, **values)
            to_update.append(obj)
        else:
            counts.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=batch_size)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=batch_size)
    counts.created, counts.updated = len(to_create), len(to_update)
    return counts


# The fields the loader owns; anything else (a département's hub) is never written.
DEPARTEMENT_FIELDS = [
    "name",
    "region_id",
    "boundary",
    "min_longitude",
    "min_latitude",
    "max_longitude",
    "max_latitude",
]
COMMUNE_FIELDS = ["name", "search_name", "departement_id", "latitude", "longitude", "population"]


def load(*, data_dir: Path = DATA_DIR, batch_size: int = 1000) -> dict[str, SyncCounts]:
    """Create or update regions, départements, communes and postcodes from the shipped files.

    Idempotent: a second run changes nothing. A département's hub is never touched; communes
    absent from the files are kept (venues may point to them), their postcodes too.
    """
    regions = _read_shipped_csv(data_dir / REGIONS_FILE)
    departements = _read_shipped_csv(data_dir / DEPARTEMENTS_FILE)
    communes = _read_shipped_csv(data_dir / COMMUNES_FILE)
    features = json.loads((data_dir / BOUNDARIES_FILE).read_text(encoding="utf-8"))["features"]
    boundaries = {feature["properties"]["code"]: feature for feature in features}

    region_rows = {row["code"]: {"name": row["name"]} for row in regions}
    departement_rows = {}
    for row in departements:
        feature = boundaries.get(row["code"])
        geometry, bbox = None, [None] * 4
        if feature is not None:
            geometry = feature["geometry"]
            bbox = feature.get("bbox") or geometry_bbox(geometry)
        departement_rows[row["code"]] = {
            "name": row["name"],
            "region_id": row["region"],
            "boundary": geometry,
            "min_longitude": bbox[0],
            "min_latitude": bbox[1],
            "max_longitude": bbox[2],
            "max_latitude": bbox[3],
        }
    commune_rows = {
        row["insee_code"]: {
            "name": row["name"],
            "search_name": normalize_name(row["name"]),
            "departement_id": row["departement"],
            "latitude": _optional_float(row["latitude"]),
            "longitude": _optional_float(row["longitude"]),
            "population": int(row["population"]) if row["population"] else None,
        }
        for row in communes
    }
    wanted_postcodes = {
        (code, row["insee_code"])
        for row in communes
        for code in row["postcodes"].split("|")
        if code
    }

    report = {}
    with transaction.atomic():
        report["régions"] = _sync(Region, region_rows, ["name"], batch_size)
        # Boundaries are large: update them in small batches.
        report["départements"] = _sync(Departement, departement_rows, DEPARTEMENT_FIELDS, 20)
        report["communes"] = _sync(Commune, commune_rows, COMMUNE_FIELDS, batch_size)

        counts = SyncCounts()
        stale = []
        seen = set()
        for pk, code, commune in PostalCode.objects.values_list("pk", "code", "commune_id"):
            if (code, commune) in wanted_postcodes:
                seen.add((code, commune))
                counts.unchanged += 1
            elif commune in commune_rows:
                stale.append(pk)
        for start in range(0, len(stale), batch_size):
            PostalCode.objects.filter(pk__in=stale[start : start + batch_size]).delete()
        PostalCode.objects.bulk_create(
            [
                PostalCode(code=code, commune_id=commune)
                for code, commune in sorted(wanted_postcodes - seen)
            ],
            batch_size=batch_size,
        )
        counts.created = len(wanted_postcodes - seen)
        counts.deleted = len(stale)
        report["codes postaux"] = counts
    return report
