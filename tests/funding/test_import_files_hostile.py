"""Hostile spreadsheets of calls: a small XLSX whose sheet claims a million rows by 16,384
columns is read at its real size, and a header too wide is refused in French."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from funding import import_files
from funding.import_files import CallFileError, read_calls_file


def _xlsx(rows, *, dimension: str | None = None) -> bytes:
    """An XLSX of ``rows``; ``dimension`` replaces the sheet's stated extent."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if dimension is None:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, found = re.subn(
                    rb'<dimension ref="[^"]*"\s*/>',
                    f'<dimension ref="{dimension}"/>'.encode(),
                    data,
                )
                assert found == 1
            target.writestr(item, data)
    return out.getvalue()


def test_a_sheet_lying_about_its_extent_is_read_at_its_real_size(monkeypatch):
    widths = []
    real_rows_from = import_files._rows_from

    def measuring(lines, *args, **kwargs):
        def measured():
            for line in lines:
                line = list(line)
                widths.append(len(line))
                yield line

        return real_rows_from(measured(), *args, **kwargs)

    monkeypatch.setattr(import_files, "_rows_from", measuring)
    data = _xlsx(
        [["Titre", "Financeur"], ["Appel A", "Région"], [], ["Appel B", "État"]],
        dimension="A1:XFD1048576",
    )

    rows = read_calls_file(data, filename="appels.xlsx")

    assert rows == [
        (2, {"Titre": "Appel A", "Financeur": "Région"}),
        (4, {"Titre": "Appel B", "Financeur": "État"}),
    ]
    # Not padded to the 16,384 columns the sheet claims, nor on to its million rows.
    assert max(widths) == 2
    assert len(widths) == 4


def test_a_header_wider_than_the_limit_is_refused_in_french():
    header = [f"Colonne {number}" for number in range(1, import_files.MAX_COLUMNS + 2)]
    data = _xlsx([header, ["x"]])

    with pytest.raises(CallFileError, match="Trop de colonnes"):
        read_calls_file(data, filename="appels.xlsx")


def test_a_csv_header_wider_than_the_limit_is_refused_in_french():
    header = ";".join(get_column_letter(n) for n in range(1, import_files.MAX_COLUMNS + 2))
    data = f"{header}\nx\n".encode()

    with pytest.raises(CallFileError, match="Trop de colonnes"):
        read_calls_file(data, filename="appels.csv")
