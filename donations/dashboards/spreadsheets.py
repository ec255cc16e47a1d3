"""Exports as CSV or XLSX with bounded memory: CSV streams row by row; XLSX is written
with xlsxwriter's constant_memory mode (one row in memory at a time) into a temporary
file that is then streamed to the response in blocks. Formula-like text is neutralised
in both (``safe_cell``)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse

from ..finance.csv_export import csv_response, safe_cell

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_response(
    file_format: str, name: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse | FileResponse:
    if file_format == "xlsx":
        return xlsx_response(f"{name}.xlsx", header, rows)
    return csv_response(f"{name}.csv", header, rows)


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes (and so removes) it
    write_xlsx(spool, header, rows)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def write_xlsx(target, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """One sheet, a bold header row, then the rows as given (text never becomes a formula,
    a link or a number)."""
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "in_memory": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet()
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, list(header), bold)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, [safe_cell(cell) for cell in row])
    workbook.close()
