"""Exports as CSV or XLSX with bounded memory: CSV streams row by row to the response
(``csv_response``); XLSX is written by a Celery task (``prepared``) with xlsxwriter's
constant_memory mode, one row in memory at a time. Formula-like text is neutralised in
both (``safe_cell``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import xlsxwriter

from ..finance.csv_export import safe_cell

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_xlsx(target, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """One sheet, a bold header row, then the rows as given (text never becomes a formula,
    a link or a number); returns how many rows were written under the header."""
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
    number = 0
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, [safe_cell(cell) for cell in row])
    workbook.close()
    return number
