"""The national standard (schéma des lieux de médiation numérique v1.0.2), read and written.

Reading is lenient, because real exports mix the standard's versions: v0.1.1 columns
(``labels_nationaux``, ``conditions_acces``, ``publics_accueillis``, ``courriel``,
``accessibilite``, ``labels_autres``) and v0 vocabularies are mapped onto the v1 fields, values
may be separated by ``|`` or ``;``, and placeholder pivots mean "no pivot". Writing is strict:
the schema's columns, in its order, with values that pass its patterns.

The standard lives in four modules, one concern each: ``schema`` (columns, patterns),
``cleaners`` (single values), ``vocabularies`` (columns onto model fields) and ``writer`` (the
strict export). This package re-exports their public names so that callers keep one import,
``from directory import standard``.
"""

from directory.standard.cleaners import (
    clean_coordinate,
    clean_date,
    clean_emails,
    clean_insee,
    clean_phone,
    clean_pivot,
    clean_postcode,
    clean_text,
    clean_url,
    clean_urls,
    describe_error,
    neutralize,
    split_values,
    vocabulary_key,
)
from directory.standard.schema import (
    COLUMNS,
    DATA_DIR,
    INSEE_RE,
    MULTI_SEPARATOR,
    PHONE_PREFIX_BY_DEPARTEMENT,
    PHONE_RE,
    PIVOT_RE,
    PLACEHOLDER_PIVOT,
    POSTCODE_RE,
    REQUIRED_COLUMNS,
    SCHEMA_PATH,
    SUMMARY_MAX_LENGTH,
    load_schema,
)
from directory.standard.vocabularies import (
    FIELD_COLUMNS,
    FLAG_FIELDS,
    V0_CONDITIONS,
    V0_LABELS,
    V0_PUBLICS,
    V0_SERVICES,
    V0_SUPPORT,
    VOCABULARY_COLUMNS,
    Target,
    VocabularyResult,
    read_vocabularies,
)
from directory.standard.writer import (
    STREAM_CHUNK_CHARS,
    csv_cells,
    csv_lines,
    export_id,
    import_id,
    json_chunks,
    json_record,
    venue_record,
)

# The formula triggers the cleaners defuse, importable from here as before the split.
from hubsite.exports import FORMULA_TRIGGERS

__all__ = [
    "COLUMNS",
    "DATA_DIR",
    "FIELD_COLUMNS",
    "FLAG_FIELDS",
    "FORMULA_TRIGGERS",
    "INSEE_RE",
    "MULTI_SEPARATOR",
    "PHONE_PREFIX_BY_DEPARTEMENT",
    "PHONE_RE",
    "PIVOT_RE",
    "PLACEHOLDER_PIVOT",
    "POSTCODE_RE",
    "REQUIRED_COLUMNS",
    "SCHEMA_PATH",
    "STREAM_CHUNK_CHARS",
    "SUMMARY_MAX_LENGTH",
    "V0_CONDITIONS",
    "V0_LABELS",
    "V0_PUBLICS",
    "V0_SERVICES",
    "V0_SUPPORT",
    "VOCABULARY_COLUMNS",
    "Target",
    "VocabularyResult",
    "clean_coordinate",
    "clean_date",
    "clean_emails",
    "clean_insee",
    "clean_phone",
    "clean_pivot",
    "clean_postcode",
    "clean_text",
    "clean_url",
    "clean_urls",
    "csv_cells",
    "csv_lines",
    "describe_error",
    "export_id",
    "import_id",
    "json_chunks",
    "json_record",
    "load_schema",
    "neutralize",
    "read_vocabularies",
    "split_values",
    "venue_record",
    "vocabulary_key",
]
