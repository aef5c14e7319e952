"""Cells of an import file that no cleaner should read: numbers that no float can hold, and
JSON objects or arrays where the standard wants a text. The JSON reader keeps such numbers as
``BadNumber``; the row checker rejects a row holding any of them, naming the column."""

import json
import math

from django.utils.translation import gettext as _

from directory import standard

# An integer of more digits than this overflows a float (the largest is about 1.8e308).
MAX_NUMBER_DIGITS = 308

# Columns whose value may be a JSON list of texts.
MULTI_VALUED_COLUMNS = frozenset(
    {
        *standard.VOCABULARY_COLUMNS,
        "courriels",
        "courriel",
        "site_web",
        "typologie",
        "autres_formations_labels",
        "labels_autres",
    }
)
# Every column the importer reads, of any version of the standard.
READ_COLUMNS = frozenset(
    {
        *standard.COLUMNS,
        *standard.VOCABULARY_COLUMNS,
        *(column for columns in standard.FIELD_COLUMNS.values() for column in columns),
    }
)


class BadNumber(str):
    """A JSON number that no float holds (NaN, Infinity, 1e999, hundreds of digits), kept as
    its text so that whatever reads it sees a string, never an overflow."""


def _parse_float(text: str) -> float | BadNumber:
    number = float(text)
    return number if math.isfinite(number) else BadNumber(text)


def _parse_int(text: str) -> int | BadNumber:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        return BadNumber(text)
    return int(text)


def loads(text: str):
    """``json.loads``, with every number that a float cannot hold as a ``BadNumber``."""
    return json.loads(
        text, parse_float=_parse_float, parse_int=_parse_int, parse_constant=BadNumber
    )


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


def cell_errors(row: dict) -> list[str]:
    """Why the cells of ``row`` that the importer reads cannot be read, one reason each."""
    errors = []
    for column, value in row.items():
        if column not in READ_COLUMNS:
            continue
        items = value if isinstance(value, list) else [value]
        if isinstance(value, list) and column not in MULTI_VALUED_COLUMNS:
            errors.append(
                _("« %(column)s » : une liste JSON n'est pas un texte") % {"column": column}
            )
            continue
        for item in items:
            if isinstance(item, BadNumber):
                errors.append(
                    _("« %(column)s » : nombre illisible ou hors limites (« %(value)s »)")
                    % {"column": column, "value": _shown(item)}
                )
            elif isinstance(item, dict):
                errors.append(
                    _("« %(column)s » : un objet JSON n'est pas un texte") % {"column": column}
                )
            elif isinstance(item, list):
                errors.append(
                    _("« %(column)s » : une liste JSON n'est pas un texte") % {"column": column}
                )
            else:
                continue
            break
    return errors
