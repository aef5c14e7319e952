"""Checking the rows of an import file: each row becomes the venue's values, or the reasons
it is rejected. The steps on what a row says are ``import_checks``'; here, what concerns the
file's rows together: which venue a row names, ids repeated, départements outside the hub.

Communes are resolved from memory (``hubsite.communes.CommuneIndex``, loaded once for the
whole file), so checking makes no query per row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory import import_cells, standard
from directory import import_checks as checks
from directory.import_checks import ALWAYS_SET, RowUnderCheck
from directory.models import Venue
from hubsite.communes import CommuneIndex, CommuneRef

# Rows checked between two calls of an import's progress callback.
PROGRESS_EVERY = 2000


@dataclass
class RowProblem:
    row: int
    id: str
    message: str

    def __str__(self):
        return _("Ligne %(row)d (id « %(id)s ») : %(message)s") % {
            "row": self.row,
            "id": self.id or "?",
            "message": self.message,
        }


@dataclass
class PlannedRow:
    """A row fit to import: the venue it names and the values it sets."""

    row: int
    source: str
    source_id: str
    values: dict
    touched: set[str]
    warnings: list[str]
    commune: CommuneRef


@dataclass
class CheckedRows:
    planned: list[PlannedRow] = field(default_factory=list)
    rejected: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)


class RowChecker:
    """Turns the rows of one file into the model's values, or errors; remembers the ids seen."""

    def __init__(
        self,
        columns: set[str],
        communes: CommuneIndex,
        *,
        source: str | None = None,
        default_source: str = "import",
        allowed_departements: frozenset[str] | set[str] | None = None,
    ):
        self.columns = columns
        self.communes = communes
        self.source = source
        self.default_source = default_source
        self.allowed_departements = allowed_departements
        self.touched = {
            model_field
            for model_field, field_columns in standard.FIELD_COLUMNS.items()
            if any(column in columns for column in field_columns)
        } | set(ALWAYS_SET)
        self.flag_fields = {name: Venue._meta.get_field(name) for name in standard.FLAG_FIELDS}
        self.seen: dict[tuple[str, str], int] = {}

    def check(self, number: int, data: dict) -> RowUnderCheck:
        """Run every step over one row; its errors (if any) say why it cannot be imported."""
        row = RowUnderCheck(number, data)
        self.check_identity(row)
        if cell_errors := import_cells.cell_errors(data):
            row.errors.extend(cell_errors)
        else:
            checks.check_texts(row)
            checks.check_hours(row)
            checks.check_pivot(row)
            checks.check_address(row)
            checks.check_date(row)
            checks.check_coordinates(row)
            checks.check_commune(row, self.communes)
            checks.check_contacts(row)
            checks.check_vocabularies(row, self.columns, self.flag_fields)
            checks.check_lengths(row)
            checks.check_position(row)
        self.check_unique(row)
        self.check_in_hub(row)
        return row

    def plan(self, row: RowUnderCheck) -> PlannedRow:
        """The checked row, accepted: later rows with its id are duplicates."""
        self.seen[row.key] = row.number
        return PlannedRow(
            row.number,
            row.source,
            row.source_id,
            row.values,
            self.touched,
            row.warnings,
            row.commune,
        )

    def check_identity(self, row: RowUnderCheck) -> None:
        """(source, id) names the venue: ``--source``, else the row's column, else the file."""
        data = row.data
        row.source = (
            self.source or standard.clean_text(data.get("source"))[:100] or self.default_source
        )
        row.raw_id = standard.clean_text(data.get("id"))
        row.source_id = standard.import_id(row.raw_id, row.source)
        if not row.source_id:
            row.error(_("colonne obligatoire « id » vide"))
        elif len(row.source_id) > Venue._meta.get_field("source_id").max_length:
            row.error(_("id trop long"))

    def check_unique(self, row: RowUnderCheck) -> None:
        if row.source_id and row.key in self.seen:
            row.error(
                _("id en double dans le fichier (déjà ligne %(row)d)") % {"row": self.seen[row.key]}
            )

    def check_in_hub(self, row: RowUnderCheck) -> None:
        """A coordinator imports into their hub's départements only."""
        allowed, commune = self.allowed_departements, row.commune
        if commune is not None and allowed is not None and commune.departement_id not in allowed:
            row.error(
                _("le département %(code)s n'est pas dans votre hub")
                % {"code": commune.departement_id}
            )


def check_rows(
    rows: list[tuple[int, dict | None]],
    columns: set[str],
    *,
    source: str | None,
    default_source: str,
    allowed_departements: frozenset[str] | set[str] | None,
    progress: Callable[[int, int], None] | None,
) -> CheckedRows:
    """The rows fit to import, and the others with their reasons; every row's warnings.
    The communes the file names are loaded in a few queries first."""
    communes = CommuneIndex.load(
        postcodes=_codes(rows, "code_postal", standard.clean_postcode),
        insee_codes=_codes(rows, "code_insee", standard.clean_insee),
        names=_codes(rows, "commune", standard.clean_text),
    )
    checker = RowChecker(
        columns,
        communes,
        source=source,
        default_source=default_source,
        allowed_departements=allowed_departements,
    )
    checked = CheckedRows()
    for done, (number, data) in enumerate(rows, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(rows))
        if data is None:
            checked.rejected.append(RowProblem(number, "", _("ce n'est pas un objet JSON")))
            continue
        row = checker.check(number, data)
        checked.warnings.extend(RowProblem(number, row.raw_id, message) for message in row.warnings)
        if row.errors:
            checked.rejected.append(RowProblem(number, row.raw_id, " ; ".join(row.errors)))
        else:
            checked.planned.append(checker.plan(row))
    if progress is not None:
        progress(len(rows), len(rows))
    return checked


def _codes(rows, column: str, cleaner) -> set[str]:
    codes = set()
    for _number, row in rows:
        if row is None:
            continue
        try:
            code = cleaner(row.get(column))
        except (ValueError, TypeError):
            continue
        if code:
            codes.add(code)
    return codes
