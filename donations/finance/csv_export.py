"""Finance lists as CSV, streamed row by row (a list of any length costs the same
memory), with text cells that a spreadsheet would run as a formula neutralised."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from itertools import chain

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000


def safe_cell(value: object) -> object:
    """Text starting like a formula (``=HYPERLINK(...)``, ``@SUM``, ``-2+3``) gets a
    leading apostrophe, so a spreadsheet shows it instead of running it. Numbers
    (amounts as Decimals, counts) are written as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


class _Echo:
    """A file-like object whose ``write`` hands the line back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    lines = (writer.writerow([safe_cell(cell) for cell in row]) for row in chain([header], rows))
    response = StreamingHttpResponse(
        chain(["\ufeff"], lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
