"""France's territories: derive the shipped files from open data, and load them into the database.

``build_territory_data`` reads the raw INSEE, La Poste and IGN files once and writes the compact
files of ``hubsite/data/``; ``load_territories`` reads only those, so the project never needs the
raw sources at run time.

In five modules, one concern each: ``files`` (where and what), ``geometry`` and ``names`` (the
cleaning of boundaries and commune names), ``building`` and ``loading``. Their public names are
re-exported here, where the commands and tests import them from.
"""

from hubsite.territories_data.building import (
    BuildReport,
    CommuneRecord,
    build,
    derive_communes,
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
    simplify_ring,
)
from hubsite.territories_data.loading import (
    COMMUNE_FIELDS,
    DEPARTEMENT_FIELDS,
    SyncCounts,
    load,
)
from hubsite.territories_data.names import (
    accent_dictionary,
    proper_case_name,
)

__all__ = [
    "BOUNDARIES_FILE",
    "COMMUNES_FILE",
    "COMMUNE_COLUMNS",
    "COMMUNE_FIELDS",
    "COORDINATE_DECIMALS",
    "DATA_DIR",
    "DEFAULT_PRECISION",
    "DEFAULT_TOLERANCE",
    "DEPARTEMENTS_FILE",
    "DEPARTEMENT_FIELDS",
    "REGIONS_FILE",
    "SOURCE_BOUNDARIES",
    "SOURCE_DEPARTEMENTS",
    "SOURCE_POPULATIONS",
    "SOURCE_POSTCODES",
    "SOURCE_REGIONS",
    "TOWN_HALL_ARRONDISSEMENT",
    "BuildReport",
    "CommuneRecord",
    "SourceError",
    "SyncCounts",
    "accent_dictionary",
    "build",
    "derive_communes",
    "geometry_bbox",
    "geometry_positions",
    "load",
    "proper_case_name",
    "simplify_geometry",
    "simplify_ring",
]
