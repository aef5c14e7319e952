"""Loading the shipped files into the database, row by row only where something changed."""

import csv
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from hubsite.models.territories import (
    Commune,
    Departement,
    PostalCode,
    Region,
)
from hubsite.territories_data.files import (
    BOUNDARIES_FILE,
    COMMUNES_FILE,
    DATA_DIR,
    DEPARTEMENTS_FILE,
    REGIONS_FILE,
)
from hubsite.territories_data.geometry import geometry_bbox
from hubsite.text import normalize_name


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
