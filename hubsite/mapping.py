"""Import mappings: files in a layout of their own turned into rows of a standard.

An app declares what it imports as a ``Target`` (its fields, which are required, the
vocabulary of each coded one) through the hook ``maillage_import_targets``; hubsite never
imports the apps. A mapping (``ImportMapping.spec``, plain JSON) says, for each field, the
source column it comes from or a constant; for each coded field, a table from the file's
values to the vocabulary's; and which timetable columns give which weekday. ``apply`` turns
raw rows (column → cell) into standard rows, with each row's errors and warnings, and lists
every value no table knows per field: never dropped silently.

The spec::

    {"fields": {"nom": {"column": "Nom du lieu"}, "source": {"constant": "cd16"}},
     "values": {"services": {"AD": ["Aide aux démarches administratives"], "X": []}},
     "hours": [{"column": "lundi matin", "day": 0}, ...]}

This module is pure: no query, no model; ``hubsite.models.ImportMapping`` stores specs.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from wagtail import hooks

from hubsite import timetable
from hubsite.text import unaccent

TARGETS_HOOK = "maillage_import_targets"
TEXT, DATE, HOURS = "text", "date", "hours"
# Codes in one cell: "AD|NUM", "AD; NUM", "AD, NUM".
_CODES_RE = re.compile(r"\s*[|;,]\s*")
_DATE_RE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")


@dataclass(frozen=True)
class TargetField:
    """A field of the standard a mapping fills: ``choices`` (the vocabulary's values) make it
    coded; ``kind`` DATE is written as ISO 8601, HOURS may come from timetable columns."""

    name: str
    label: str
    required: bool = False
    choices: tuple[str, ...] = ()
    kind: str = TEXT
    aliases: tuple[str, ...] = ()

    @property
    def coded(self) -> bool:
        return bool(self.choices)


@dataclass(frozen=True)
class Target:
    """What an app imports: ``key`` ("directory.venue") names it in saved mappings."""

    key: str
    label: str
    fields: tuple[TargetField, ...]

    def field(self, name: str) -> TargetField:
        return next(item for item in self.fields if item.name == name)

    @property
    def hours_field(self) -> TargetField | None:
        return next((item for item in self.fields if item.kind == HOURS), None)


def targets() -> dict[str, Target]:
    """Every target the apps declare (hook ``maillage_import_targets``), by key."""
    found = {}
    for hook in hooks.get_hooks(TARGETS_HOOK):
        for target in hook():
            found[target.key] = target
    return found


def get_target(key: str) -> Target:
    try:
        return targets()[key]
    except KeyError:
        raise LookupError(f"No import target {key!r}: declare it in {TARGETS_HOOK}.") from None


def normalize(text) -> str:
    """A column name or a code as compared: case, accents, spaces and punctuation aside."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", unaccent(str(text)).lower()).split())


# --- Building a mapping ---------------------------------------------------------------------


def guess(target: Target, columns: list[str]) -> dict:
    """A first spec for a file's ``columns``: each field from the column whose normalised name
    is the field's, one of its aliases or its label, else one whose name contains one of
    these ("codes services" for "services"); day columns as the timetable."""
    by_name = {normalize(column): column for column in columns}
    fields = {}
    taken = set()

    def names_of(item: TargetField) -> list[str]:
        return [normalize(name) for name in (item.name, *item.aliases, item.label)]

    for exact in (True, False):
        for item in target.fields:
            if item.name in fields:
                continue
            for candidate in names_of(item):
                if exact:
                    found = [by_name[candidate]] if candidate in by_name else []
                elif len(candidate) >= 4:
                    found = [
                        column
                        for key, column in by_name.items()
                        if f" {candidate} " in f" {key} " and timetable.guess_day(column) is None
                    ]
                else:
                    found = []
                found = [column for column in found if column not in taken]
                if found:
                    fields[item.name] = {"column": found[0]}
                    taken.add(found[0])
                    break
    hours = []
    if target.hours_field and target.hours_field.name not in fields:
        for column in columns:
            day = timetable.guess_day(column)
            if day is not None and column not in taken:
                hours.append({"column": column, "day": day})
    return {"fields": fields, "values": {}, "hours": hours}


def distinct_codes(
    rows: list[tuple[int, dict | None]],
    column: str,
    *,
    vocabulary: dict[str, str] | None = None,
    limit: int = 200,
) -> list[str]:
    """The codes a column holds in the file, most frequent first, for its value table; split
    as ``apply`` splits them (``vocabulary``: normalised value → value, kept whole)."""
    known = set(vocabulary or ())
    counts: Counter = Counter()
    for _number, row in rows:
        if row:
            counts.update(split_codes(row.get(column), known))
    return [code for code, _count in counts.most_common(limit)]


def split_codes(cell, known: set[str]) -> list[str]:
    """The codes of one cell: the whole cell when ``known`` (normalised codes and values) has
    it, else split on ``|``, ``;``, ``,`` and, unless a part is known ("et/ou"), ``/``."""
    if cell in (None, "", []):
        return []
    if not isinstance(cell, list) and normalize(cell) in known:
        return [str(cell).strip()]
    codes = []
    for code in _codes(cell):
        parts = [code] if normalize(code) in known else code.split("/")
        codes.extend(part.strip() for part in parts if part.strip() and part.strip() not in codes)
    return codes


def validate(target: Target, spec: dict, columns: list[str] | set[str] | None = None) -> list[str]:
    """Why ``spec`` cannot be used (for a file of ``columns`` if given), in French; [] if fit."""
    errors = []
    fields = spec.get("fields", {})
    hours = spec.get("hours", [])
    for item in target.fields:
        source = fields.get(item.name, {})
        filled = source.get("column") or source.get("constant") not in (None, "")
        if item.kind == HOURS and hours:
            filled = True
        if item.required and not filled:
            errors.append(
                _("« %(field)s » est obligatoire : choisissez une colonne ou une valeur fixe.")
                % {"field": item.label}
            )
        column = source.get("column")
        if column and columns is not None and column not in columns:
            errors.append(
                _("La colonne « %(column)s » (pour « %(field)s ») n'est pas dans ce fichier.")
                % {"column": column, "field": item.label}
            )
    for name, table in spec.get("values", {}).items():
        choices = set(target.field(name).choices)
        for code, values in table.items():
            for value in values:
                if value not in choices:
                    errors.append(
                        _(
                            "« %(value)s » n'est pas une valeur de « %(field)s » "
                            "(code « %(code)s »)."
                        )
                        % {"value": value, "field": target.field(name).label, "code": code}
                    )
    for entry in hours:
        if not (isinstance(entry.get("day"), int) and 0 <= entry["day"] < 7):
            errors.append(_("Jour invalide pour la colonne « %(column)s ».") % entry)
        elif columns is not None and entry.get("column") not in columns:
            errors.append(
                _("La colonne d'horaires « %(column)s » n'est pas dans ce fichier.") % entry
            )
    return errors


# --- Applying a mapping ---------------------------------------------------------------------


@dataclass
class MappedRow:
    number: int
    values: dict | None  # None: not an object, nothing to map
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class MappingResult:
    rows: list[MappedRow]
    columns: set[str]  # the target's fields the mapping fills
    unknown: dict[str, Counter]  # field -> source values no table knows, with their counts


def _codes(cell) -> list[str]:
    if cell is None:
        return []
    items = cell if isinstance(cell, list) else [cell]
    codes = []
    for item in items:
        text = str(item).strip()
        parts = [text] if not _CODES_RE.search(text) else _CODES_RE.split(text)
        codes.extend(part for part in parts if part and part not in codes)
    return codes


def iso_date(cell) -> str | None:
    """ISO 8601 from "dd/mm/yyyy" (or - . separated, or a two-digit year), an ISO date or
    timestamp as is; None when unreadable."""
    text = str(cell).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    match = _DATE_RE.fullmatch(text)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    if year < 100:
        year += 2000
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


class _Mapper:
    def __init__(self, target: Target, spec: dict):
        self.target = target
        self.fields = spec.get("fields", {})
        self.hours = [
            (entry["day"], entry["column"])
            for entry in spec.get("hours", [])
            if entry.get("column")
        ]
        self.tables = {
            name: {normalize(code): values for code, values in table.items()}
            for name, table in spec.get("values", {}).items()
        }
        self.vocabularies = {
            item.name: {normalize(choice): choice for choice in item.choices}
            for item in target.fields
            if item.coded
        }
        self.unknown: dict[str, Counter] = {}

    def filled(self) -> set[str]:
        names = {
            name
            for name, source in self.fields.items()
            if source.get("column") or source.get("constant") not in (None, "")
        }
        if self.hours and self.target.hours_field:
            names.add(self.target.hours_field.name)
        return names

    def map_row(self, number: int, data: dict) -> MappedRow:
        row = MappedRow(number, {})
        for item in self.target.fields:
            source = self.fields.get(item.name, {})
            column = source.get("column")
            cell = data.get(column) if column else None
            if isinstance(cell, str) and not cell.strip():
                cell = None
            if cell in (None, "", []) and source.get("constant") not in (None, ""):
                cell = source["constant"]
            if item.kind == HOURS and self.hours and cell in (None, "", []):
                cell = self.map_hours(row, data)
            if cell in (None, "", []):
                if item.required:
                    row.errors.append(self.empty_message(item, column))
                continue
            if item.coded:
                cell = self.map_codes(row, item, column, cell)
            elif item.kind == DATE:
                iso = iso_date(cell)
                if iso is None:
                    row.errors.append(
                        _("date illisible (%(column)s) : « %(value)s »")
                        % {"column": column or item.label, "value": str(cell)[:40]}
                    )
                    continue
                cell = iso
            row.values[item.name] = cell
        return row

    def empty_message(self, item: TargetField, column: str | None) -> str:
        if column:
            return _("« %(field)s » obligatoire, vide dans la colonne « %(column)s »") % {
                "field": item.label,
                "column": column,
            }
        return _("« %(field)s » obligatoire, vide") % {"field": item.label}

    def map_codes(self, row: MappedRow, item: TargetField, column: str | None, cell) -> str:
        table = self.tables.get(item.name, {})
        vocabulary = self.vocabularies[item.name]
        codes = split_codes(cell, table.keys() | vocabulary.keys())
        values: list[str] = []
        for code in codes:
            key = normalize(code)
            if key in table:
                found = table[key]
            elif key in vocabulary:
                found = [vocabulary[key]]
            else:
                self.unknown.setdefault(item.name, Counter())[code] += 1
                row.warnings.append(
                    _("valeur inconnue « %(value)s » (%(column)s) : ignorée")
                    % {"value": code[:80], "column": column or item.label}
                )
                continue
            values.extend(value for value in found if value not in values)
        return "|".join(values)

    def map_hours(self, row: MappedRow, data: dict) -> str:
        text, warnings = timetable.read_timetable(
            [(day, column, data.get(column)) for day, column in self.hours]
        )
        row.warnings.extend(warnings)
        return text


def apply(target: Target, spec: dict, rows: list[tuple[int, dict | None]]) -> MappingResult:
    """The standard rows ``spec`` makes of ``rows`` (number, column → cell), each with its
    errors (the row cannot be imported) and warnings; unknown coded values counted by field."""
    mapper = _Mapper(target, spec)
    mapped = [
        MappedRow(number, None) if data is None else mapper.map_row(number, data)
        for number, data in rows
    ]
    return MappingResult(mapped, mapper.filled(), mapper.unknown)
