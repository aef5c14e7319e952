"""Reading a spreadsheet of calls: CSV (comma, semicolon or tab separated, UTF-8 with or
without BOM) or XLSX (its first sheet, through openpyxl, the library the exports write with),
into rows of cells by column name as the file spells it. Whatever makes the whole file
unreadable is a ``CallFileError`` with a French message; a bad cell is the row's to reject.

The directory's reader is bound to the venues' standard (its required columns, JSON), so this
one stays funding's; both feed ``hubsite.mapping``, which takes any column → cell rows.
"""

import csv
import datetime
import io
import zipfile

from django.utils.translation import gettext as _

MAX_ROWS = 20_000
MAX_COLUMNS = 500
MAX_CELL_CHARS = 20_000
MAX_BYTES = 10 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


class CallFileError(Exception):
    """The whole file is refused (unreadable, empty, too large): nothing is imported."""


def ordered_columns(rows: list[tuple[int, dict]]) -> list[str]:
    """The file's columns in the order it gives them."""
    return list(dict.fromkeys(column for _number, row in rows if row for column in row))


def _column_name(name) -> str:
    return " ".join(str(name if name is not None else "").split())


def _rows_from(cells_by_line, first_line: int = 1) -> list[tuple[int, dict]]:
    """(line number, column → cell) of each non-empty line after the header."""
    lines = iter(cells_by_line)
    header = next(lines, None)
    if not header or not any(_column_name(name) for name in header):
        raise CallFileError(_("Le fichier est vide."))
    names = [_column_name(name) for name in header]
    while names and not names[-1]:
        names.pop()
    if len(names) > MAX_COLUMNS:
        raise CallFileError(_("Trop de colonnes (maximum %(max)d).") % {"max": MAX_COLUMNS})
    rows = []
    for number, cells in enumerate(lines, start=first_line + 1):
        cells = list(cells)
        if not any(str(cell).strip() for cell in cells if cell is not None):
            continue
        if len(rows) >= MAX_ROWS:
            raise CallFileError(_("Trop de lignes (maximum %(max)d).") % {"max": MAX_ROWS})
        row = {}
        for name, cell in zip(names, cells, strict=False):
            if name and name not in row:
                if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                    raise CallFileError(
                        _("À la ligne %(line)d, une cellule dépasse %(max)d caractères.")
                        % {"line": number, "max": MAX_CELL_CHARS}
                    )
                row[name] = cell
        rows.append((number, row))
    return rows


def _read_csv(data: bytes) -> list[tuple[int, dict]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CallFileError(
            _(
                "Le fichier n'est pas encodé en UTF-8 (octet invalide à la position %(position)d)."
                " Enregistrez-le en UTF-8 (CSV UTF-8 dans un tableur) puis recommencez."
            )
            % {"position": error.start}
        ) from None
    if "\x00" in text:
        raise CallFileError(_("Le fichier contient des caractères nuls : est-ce bien un texte ?"))
    header_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header_line.count)
    if csv.field_size_limit() <= len(text):
        csv.field_size_limit(len(text) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _rows_from(reader)
    except csv.Error as error:
        raise CallFileError(
            _("CSV illisible vers la ligne %(line)d : %(error)s.")
            % {"line": reader.line_num, "error": error}
        ) from None


def _xlsx_cell(value):
    """A cell as text or number, as a CSV would give it: dates in ISO 8601, whole numbers
    without their ``.0``."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_xlsx(data: bytes) -> list[tuple[int, dict]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise CallFileError(
            _("Ce fichier XLSX est illisible : enregistrez-le de nouveau depuis le tableur.")
        ) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise CallFileError(_("Le fichier est vide."))
        # The sheet's own <dimension> may claim 1,048,576 rows by 16,384 columns, a few bytes
        # that openpyxl would pad every line to: read the cells the file has, no wider than
        # its header (cells beyond it are nobody's), which may not be wider than MAX_COLUMNS.
        sheet.reset_dimensions()
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())
        width = len(header)
        while width and _column_name(header[width - 1]) == "":
            width -= 1
        if width > MAX_COLUMNS:
            raise CallFileError(_("Trop de colonnes (maximum %(max)d).") % {"max": MAX_COLUMNS})
        lines = (
            [_xlsx_cell(value) for value in line]
            for line in sheet.iter_rows(max_col=max(width, 1), values_only=True)
        )
        return _rows_from(lines)
    finally:
        workbook.close()


def read_calls_file(data: bytes, *, filename: str = "") -> list[tuple[int, dict]]:
    """Rows (line number, column → cell) of a CSV or XLSX file of calls."""
    if len(data) > MAX_BYTES:
        raise CallFileError(
            _("Le fichier dépasse la taille maximale (%(max)d Mo).")
            % {"max": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise CallFileError(_("Le fichier est vide."))
    if filename.lower().endswith(".xlsx") or data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    if filename.lower().endswith((".xls", ".ods")):
        raise CallFileError(_("Enregistrez ce tableau en XLSX ou en CSV UTF-8, puis recommencez."))
    return _read_csv(data)
