"""The build: derive the compact shipped files from the raw INSEE, La Poste and IGN files."""

import csv
import gzip
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hubsite.models.territories import (
    commune_code_for,
    departement_code_for,
)
from hubsite.territories_data.files import (
    BOUNDARIES_FILE,
    COMMUNE_COLUMNS,
    COMMUNES_FILE,
    COORDINATE_DECIMALS,
    DATA_DIR,
    DEFAULT_PRECISION,
    DEFAULT_TOLERANCE,
    DEPARTEMENTS_FILE,
    FORMER_NAMES_FILE,
    REGIONS_FILE,
    SOURCE_BOUNDARIES,
    SOURCE_DEPARTEMENTS,
    SOURCE_POPULATIONS,
    SOURCE_POSTCODES,
    SOURCE_REGIONS,
    TOWN_HALL_ARRONDISSEMENT,
    SourceError,
)
from hubsite.territories_data.geometry import (
    geometry_bbox,
    geometry_positions,
    simplify_geometry,
)
from hubsite.territories_data.names import (
    _ARRONDISSEMENT_SUFFIX,
    accent_dictionary,
    proper_case_name,
)
from hubsite.text import normalize_name


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


def derive_former_names(
    postcodes: list[dict[str, str]], communes: list[CommuneRecord], report: BuildReport
) -> list[tuple[str, str, str]]:
    """(name, INSEE code, postcode) of each place La Poste's 5th address line names within a
    commune, under the commune's current code: old addresses still name former communes."""
    by_code = {record.insee_code: record for record in communes}
    accents = accent_dictionary(record.name for record in communes)
    found = set()
    for row in postcodes:
        if not row["Ligne_5"]:
            continue
        code = commune_code_for(row["Code_commune_INSEE"].upper())
        record = by_code.get(report.recoded.get(code, code))
        if record is None or normalize_name(row["Ligne_5"]) == normalize_name(record.name):
            continue
        name = proper_case_name(row["Ligne_5"], accents)
        found.add((name, record.insee_code, row["Code_postal"]))
    return sorted(found, key=lambda item: (item[1], item[0], item[2]))


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
    _write_csv(
        output / FORMER_NAMES_FILE,
        ["name", "insee_code", "postcode"],
        derive_former_names(postcodes, communes, report),
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
    for name in (
        REGIONS_FILE,
        DEPARTEMENTS_FILE,
        COMMUNES_FILE,
        BOUNDARIES_FILE,
        FORMER_NAMES_FILE,
    ):
        report.file_sizes[name] = (output / name).stat().st_size
    return report
