"""The standard's columns and value patterns (schéma des lieux de médiation numérique v1.0.2)."""

import json
import re
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SCHEMA_PATH = DATA_DIR / "schema-lieux-mediation-numerique_v1.0.2_schema.json"

# The v1.0.2 columns, in the schema's order (a test checks them against the schema file).
COLUMNS = (
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
)
REQUIRED_COLUMNS = ("id", "nom", "commune", "code_postal", "adresse", "date_maj")
MULTI_SEPARATOR = "|"
# Real exports fill the required pivot with zeros when they do not know it.
PLACEHOLDER_PIVOT = "00000000000000"
SUMMARY_MAX_LENGTH = 280

PIVOT_RE = re.compile(r"^[a-zA-Z0-9]{9,14}$")
POSTCODE_RE = re.compile(r"^\d{5}$")
INSEE_RE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
PHONE_RE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")
# Overseas départements dial their own country code, not +33.
PHONE_PREFIX_BY_DEPARTEMENT = {
    "971": "+590",
    "972": "+596",
    "973": "+594",
    "974": "+262",
    "976": "+262",
}


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
