"""Charente's real communes (INSEE populations and La Poste postcodes, Licence Ouverte), for
tests that import the real Charente export, or rows of their own, without loading all of
France."""

import csv
import json
from pathlib import Path

from hubsite.models import Commune, Departement, PostalCode, Region
from hubsite.text import normalize_name

COMMUNES_FILE = Path(__file__).resolve().parent / "data" / "communes_16.csv"


def load_charente() -> Departement:
    """Create Charente (16) with its communes and postcodes; returns the département."""
    region, _ = Region.objects.get_or_create(code="75", defaults={"name": "Nouvelle-Aquitaine"})
    departement, _ = Departement.objects.get_or_create(
        code="16", defaults={"name": "Charente", "region": region}
    )
    communes, postcodes = [], []
    with COMMUNES_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            communes.append(
                Commune(
                    insee_code=row["insee_code"],
                    name=row["name"],
                    search_name=normalize_name(row["name"]),
                    departement=departement,
                    latitude=float(row["latitude"]) if row["latitude"] else None,
                    longitude=float(row["longitude"]) if row["longitude"] else None,
                    population=int(row["population"]),
                )
            )
            postcodes += [
                PostalCode(code=code, commune_id=row["insee_code"])
                for code in row["postcodes"].split("|")
                if code
            ]
    Commune.objects.bulk_create(communes, ignore_conflicts=True)
    PostalCode.objects.bulk_create(postcodes, ignore_conflicts=True)
    return departement


def row(**fields) -> dict:
    """A valid row of the standard, for a venue in Cognac; ``fields`` change or add columns."""
    base = {
        "id": "lieu-1",
        "nom": "Médiathèque de Cognac",
        "commune": "Cognac",
        "code_postal": "16100",
        "adresse": "10 place Cagnard",
        "date_maj": "2024-03-01",
        "latitude": 45.69,
        "longitude": -0.33,
        "source": "essai",
    }
    base.update(fields)
    return base


def json_bytes(rows: list[dict]) -> bytes:
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")
