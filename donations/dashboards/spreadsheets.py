"""Exports as CSV or XLSX with bounded memory: CSV streams row by row to the response
(``csv_response``); XLSX is written by a Celery task (``prepared``) with xlsxwriter's
constant_memory mode, one row in memory at a time. Formula-like text is neutralised in
both (``safe_cell``).

The rows hold typed cells: a ``datetime`` (local, without a zone) becomes a date cell
in XLSX and ``2026-03-01 14:05`` in CSV; a ``Decimal`` amount in kronor a number shown
with two decimals in XLSX and ``250.00`` in CSV."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ..finance.csv_export import safe_cell

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_DATETIME = "%Y-%m-%d %H:%M"
XLSX_DATETIME = "yyyy-mm-dd hh:mm"
XLSX_AMOUNT = "0.00"
DATETIME_WIDTH = 17  # "2026-03-01 14:05" without Excel's "#####"


def csv_cells(rows: Iterable[Sequence[object]]) -> Iterator[list[object]]:
    """The rows with their times written out as CSV text."""
    for row in rows:
        yield [cell.strftime(CSV_DATETIME) if isinstance(cell, datetime) else cell for cell in row]


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
    sheet.write_row(0, 0, list(header), workbook.add_format({"bold": True}))
    cells = _CellWriter(sheet, workbook)
    number = 0
    for number, row in enumerate(rows, start=1):
        for column, cell in enumerate(row):
            cells.write(number, column, safe_cell(cell))
    workbook.close()
    return number


class _CellWriter:
    """Writes each cell by its type: times as dates, amounts as numbers, in their formats."""

    def __init__(self, sheet: Worksheet, workbook: xlsxwriter.Workbook) -> None:
        self.sheet = sheet
        self.moment = workbook.add_format({"num_format": XLSX_DATETIME})
        self.amount = workbook.add_format({"num_format": XLSX_AMOUNT})
        self.widened: set[int] = set()

    def write(self, row: int, column: int, cell: object) -> None:
        if isinstance(cell, datetime):
            self._widen(column)
            self.sheet.write_datetime(row, column, cell, self.moment)
        elif isinstance(cell, Decimal):
            self.sheet.write_number(row, column, cell, self.amount)
        else:
            self.sheet.write(row, column, cell)

    def _widen(self, column: int) -> None:
        if column not in self.widened:
            self.sheet.set_column(column, column, DATETIME_WIDTH)
            self.widened.add(column)
