"""The territory files: where they live, their names, the build's defaults."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REGIONS_FILE = "regions.csv"
DEPARTEMENTS_FILE = "departements.csv"
COMMUNES_FILE = "communes.csv.gz"
BOUNDARIES_FILE = "departements.geojson"
# Names La Poste's 5th address line gives places within a commune (former communes of a
# commune nouvelle, mostly): what old addresses still name.
FORMER_NAMES_FILE = "former_names.csv.gz"

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
