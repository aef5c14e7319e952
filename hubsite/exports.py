"""Spreadsheet exports that no spreadsheet runs as formulas (OWASP's CSV injection).

A cell starting with one of ``FORMULA_TRIGGERS`` is prefixed with a single quote, which
spreadsheets show as text. ``defuse_spreadsheet_exports`` applies that to Wagtail's
``SpreadsheetExportMixin``, the one writer behind every report, every ``list_export``
listing and the form-submission exports, in CSV and XLSX alike. The project's own downloads
(``csv_response``, ``xlsx_response``) defuse every cell the same way. The open-data export
(``directory.standard``) is the exception: its schema fixes every byte.
"""

import csv
import datetime
import decimal
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value):
    """``value``, quoted if it is text that a spreadsheet would run as a formula."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def defuse_spreadsheet_exports(mixin: type) -> None:
    """Make ``mixin`` (Wagtail's ``SpreadsheetExportMixin``) defuse every cell and heading.

    Every value reaches the file through ``preprocess_field_value`` and every heading through
    ``get_heading``, whatever per-field or per-type preprocessing a view declares: wrapping
    those two covers each export, present and future. Idempotent.
    """
    if getattr(mixin, "_maillage_defused", False):
        return
    preprocess_field_value = mixin.preprocess_field_value
    get_heading = mixin.get_heading

    def defused_value(self, field, value, export_format):
        return defuse(preprocess_field_value(self, field, value, export_format))

    def defused_heading(self, queryset, field):
        return defuse(get_heading(self, queryset, field))

    mixin.preprocess_field_value = defused_value
    mixin.get_heading = defused_heading
    mixin._maillage_defused = True


# --- The project's own exports -------------------------------------------------------------

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheets read a CSV file as UTF-8 only when it starts with a byte-order mark.
BOM = "\ufeff"


class _Echo:
    """A file-like object for ``csv.writer`` that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _text(value) -> str:
    return "" if value is None else str(defuse(value))


def csv_lines(rows: Iterable[Sequence]) -> Iterator[str]:
    """Each row (the heading first) as a CSV line, every cell defused; a BOM opens the file."""
    writer = csv.writer(_Echo())
    for number, row in enumerate(rows):
        line = writer.writerow([_text(cell) for cell in row])
        yield BOM + line if number == 0 else line


def csv_response(rows: Iterable[Sequence], *, filename: str) -> StreamingHttpResponse:
    """``rows`` (the heading first) as a CSV download, streamed: the rows are read as the
    file is sent, so that a long export holds no memory and starts at once."""
    response = StreamingHttpResponse(csv_lines(rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{filename}.csv"
    )
    return response


NATIVE_TYPES = (bool, int, float, decimal.Decimal, datetime.date, datetime.time)


def _xlsx_cell(value):
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value, datetime.UTC)  # Excel has no time zones
    if isinstance(value, str):
        # A character XML forbids would make the whole file unreadable.
        value = ILLEGAL_CHARACTERS_RE.sub("", defuse(value))
    elif value is not None and not isinstance(value, NATIVE_TYPES):
        value = defuse(str(value))
    return value


def xlsx_response(
    rows: Iterable[Sequence], *, filename: str, sheet_title: str = "Export"
) -> FileResponse:
    """``rows`` (the heading first) as an XLSX download. The write-only workbook keeps one
    row in memory at a time and spills to a temporary file past a few megabytes; every text
    cell is defused and stored as text, never as a formula."""
    workbook = Workbook(write_only=True, iso_dates=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, _xlsx_cell(value))
            if cell.data_type == "f":
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    # The response closes the file once sent.
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE
    )


def spreadsheet_response(rows: Iterable[Sequence], *, filename: str, export_format: str):
    """``rows`` as a ``csv`` or ``xlsx`` download; ValueError for another format."""
    if export_format == "csv":
        return csv_response(rows, filename=filename)
    if export_format == "xlsx":
        return xlsx_response(rows, filename=filename)
    raise ValueError(f"Unknown export format: {export_format!r}")
