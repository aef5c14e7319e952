"""Reading an import file: CSV (comma, semicolon or tab separated) or JSON, UTF-8 with or
without BOM, into rows of cells by column name. Whatever makes the whole file unreadable is an
``ImportFileError`` with a French message; a bad cell is left for the row checker to reject."""

import csv
import io
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from directory import import_cells, standard

MAX_ROWS = 200_000
# Checked cell by cell: csv.field_size_limit() is process-wide and other libraries (such as
# frictionless) raise it, so it cannot be relied on to bound what a hostile file holds.
MAX_FIELD_CHARS = 131_072


class ImportFileError(Exception):
    """The whole file is refused: not UTF-8, not CSV or JSON, too large, required columns
    missing. Nothing is imported."""


class MissingColumnsError(ImportFileError):
    """The file is readable but not in the standard's columns: a mapping can read it."""


@dataclass
class ParsedFile:
    rows: list[tuple[int, dict]]
    columns: set[str]
    format: str


# --- Reading the file ------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "Le fichier n'est pas encodé en UTF-8 (octet invalide à la position %(position)d)."
                " Enregistrez-le en UTF-8 (CSV UTF-8 dans un tableur) puis recommencez."
            )
            % {"position": error.start}
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("Le fichier contient des caractères nuls : est-ce bien un texte ?"))
    return text


def _column_name(name) -> str:
    return str(name).strip().strip('"').strip().lower()


def _read_json(text: str) -> ParsedFile:
    try:
        data = import_cells.loads(text)
    except ValueError as error:
        raise ImportFileError(
            _("JSON illisible : %(error)s.") % {"error": getattr(error, "msg", str(error))}
        ) from None
    except RecursionError:
        raise ImportFileError(_("JSON illisible : imbrication trop profonde.")) from None
    if not isinstance(data, list):
        raise ImportFileError(_("Le JSON doit être une liste d'objets, un objet par lieu."))
    if len(data) > MAX_ROWS:
        raise ImportFileError(_("Trop de lignes (maximum %(max)d).") % {"max": MAX_ROWS})
    rows, columns = [], set()
    for index, item in enumerate(data, start=1):
        if isinstance(item, dict):
            row = {_column_name(key): value for key, value in item.items()}
            columns.update(row)
        else:
            row = None
        rows.append((index, row))
    return ParsedFile(rows, columns, "json")


def _sniff_delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=counts.get)


def _read_csv(text: str) -> ParsedFile:
    header_line = text.split("\n", 1)[0]
    # The csv module's own limit would stop an over-long cell with an English message: let
    # every cell of this text through to the check below, which says it in French.
    if csv.field_size_limit() <= len(text):
        csv.field_size_limit(len(text) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(header_line))
    try:
        header = next(reader, None)
        if not header:
            raise ImportFileError(_("Le fichier est vide."))
        names = [_column_name(name) for name in header]
        rows = []
        for index, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(_("Trop de lignes (maximum %(max)d).") % {"max": MAX_ROWS})
            if longest := max(
                (len(cell) for cell in cells if len(cell) > MAX_FIELD_CHARS), default=0
            ):
                raise ImportFileError(
                    _(
                        "CSV refusé : à la ligne %(line)d, une cellule compte %(length)s "
                        "caractères, %(max)s au plus. Raccourcissez-la puis recommencez."
                    )
                    % {
                        "line": reader.line_num,
                        "length": number_format(longest, force_grouping=True),
                        "max": number_format(MAX_FIELD_CHARS, force_grouping=True),
                    }
                )
            row = {}
            for name, cell in zip(names, cells, strict=False):
                if name and name not in row:
                    row[name] = cell
            rows.append((index, row))
    except csv.Error as error:
        raise ImportFileError(
            _("CSV illisible vers la ligne %(line)d : %(error)s.")
            % {"line": reader.line_num, "error": error}
        ) from None
    return ParsedFile(rows, {name for name in names if name}, "csv")


def read_file(
    data: bytes, *, filename: str = "", max_bytes: int | None = None, required: bool = True
) -> ParsedFile:
    """Rows of a CSV (comma, semicolon or tab separated) or JSON file, UTF-8 with or without
    BOM. Raises ImportFileError when the file as a whole cannot be read, or (``required``)
    lacks a required column of the standard: a file read through a mapping need not."""
    if max_bytes is not None and len(data) > max_bytes:
        raise ImportFileError(
            _("Le fichier dépasse la taille maximale (%(max)d Mo).")
            % {"max": max_bytes // (1024 * 1024)}
        )
    text = _decode(data)
    if not text.strip():
        raise ImportFileError(_("Le fichier est vide."))
    is_json = filename.lower().endswith(".json") or text.lstrip()[:1] in ("[", "{")
    parsed = _read_json(text) if is_json else _read_csv(text)
    missing = [column for column in standard.REQUIRED_COLUMNS if column not in parsed.columns]
    if missing and required:
        raise MissingColumnsError(
            _(
                "Colonnes obligatoires absentes : %(columns)s. Si le fichier suit une "
                "présentation qui lui est propre, construisez sa correspondance."
            )
            % {"columns": ", ".join(missing)}
        )
    return parsed
