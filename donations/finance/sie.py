"""SIE 4I: the period's vouchers as a file an accounting program imports.

``write_sie(start, end, stream)`` writes to a binary stream: code page 437
(``#FORMAT PC8``), one record a line, text in double quotes (a quote inside as ``\\"``;
a backslash, which could end the text early, as ``/``), characters outside CP437 as
``?``. The header has ``#FLAGGA``, ``#PROGRAM``, ``#FORMAT``, ``#GEN``, ``#SIETYP 4``,
``#ORGNR``, ``#FNAMN``, ``#RAR 0`` (the financial year the period lies in), ``#KPTYP``,
``#KONTO`` for each account the vouchers use, ``#DIM`` and ``#OBJEKT`` for the
programmes (dimension 6, project) and campaigns (dimension 20) they use. No donor
appears in the file: only dates, amounts, accounts, campaigns, programmes and payout ids.

The vouchers (see ``donations.finance.vouchers``) are written first to a spooled
temporary file, so the header can list exactly the accounts and objects they use
while memory stays bounded; then header and vouchers go to ``stream``."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, BinaryIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Programme

from .vouchers import (
    CAMPAIGN_DIMENSION,
    PROGRAMME_DIMENSION,
    Objects,
    PeriodVouchers,
    Voucher,
)

ENCODING = "cp437"
PROGRAM = ("Solidarity", "1.0")
DIMENSIONS = {PROGRAMME_DIMENSION: "Projekt (program)", CAMPAIGN_DIMENSION: "Kampanj"}
SPOOL_BYTES = 8 * 1024 * 1024


class InvalidPeriod(ValueError):
    """The period cannot be exported as asked; the message says why."""


@dataclass
class SieExport:
    """What was written: how many vouchers, and what could not be booked."""

    start: date
    end: date
    vouchers: int = 0
    left_out: list[str] = field(default_factory=list)


def financial_year(day: date) -> tuple[date, date]:
    """The financial year ``day`` lies in (``FINANCIAL_YEAR_START_MONTH``, 1 = calendar)."""
    month = settings.FINANCIAL_YEAR_START_MONTH
    year = day.year if day.month >= month else day.year - 1
    start = date(year, month, 1)
    next_start = date(year + 1, month, 1)
    return start, date.fromordinal(next_start.toordinal() - 1)


def check_period(start: date, end: date) -> None:
    if start > end:
        raise InvalidPeriod(_("The period ends before it starts."))
    if financial_year(start) != financial_year(end):
        raise InvalidPeriod(_("A SIE file holds one financial year: split the period."))


def write_sie(
    start: date, end: date, stream: BinaryIO, *, generated: date | None = None
) -> SieExport:
    """Write the vouchers of ``start``..``end`` (both days included) as SIE 4I."""
    check_period(start, end)
    vouchers = PeriodVouchers(start, end)
    used = _Used()
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as body:
        count = _write_vouchers(vouchers, body, used)
        _write_header(stream, start, generated or timezone.localdate(), used)
        body.seek(0)
        shutil.copyfileobj(body, stream)
    return SieExport(start=start, end=end, vouchers=count, left_out=vouchers.left_out)


@dataclass
class _Used:
    accounts: set[str] = field(default_factory=set)
    objects: set[tuple[int, str]] = field(default_factory=set)


def _write_vouchers(vouchers: Iterable[Voucher], body: IO[bytes], used: _Used) -> int:
    chart = accounts()
    series = settings.SIE_VOUCHER_SERIES
    count = 0
    for count, voucher in enumerate(vouchers, start=1):
        lines = [
            f"#VER {quoted(series)} {count} {voucher.day:%Y%m%d} {quoted(voucher.text)}",
            "{",
        ]
        for transaction in voucher.transactions:
            used.accounts.add(transaction.account)
            used.objects.update(transaction.objects)
            number = chart[transaction.account][0]
            lines.append(
                f"   #TRANS {number} {object_list(transaction.objects)} "
                f"{amount(transaction.amount_minor)}"
            )
        lines.append("}")
        _write_lines(body, lines)
    return count


def _write_header(stream: BinaryIO, start: date, generated: date, used: _Used) -> None:
    year_start, year_end = financial_year(start)
    chart = accounts()
    lines = [
        "#FLAGGA 0",
        f"#PROGRAM {quoted(PROGRAM[0])} {quoted(PROGRAM[1])}",
        "#FORMAT PC8",
        f"#GEN {generated:%Y%m%d}",
        "#SIETYP 4",
        f"#ORGNR {settings.ORGANISATION_NUMBER}",
        f"#FNAMN {quoted(settings.ORGANISATION_NAME)}",
        f"#RAR 0 {year_start:%Y%m%d} {year_end:%Y%m%d}",
        f"#KPTYP {settings.SIE_CHART_TYPE}",
    ]
    lines += [
        f"#KONTO {number} {quoted(name)}"
        for number, name in sorted(chart[key] for key in used.accounts)
    ]
    dimensions = sorted({dimension for dimension, _object in used.objects})
    lines += [f"#DIM {dimension} {quoted(DIMENSIONS[dimension])}" for dimension in dimensions]
    names = _object_names(used.objects)
    lines += [
        f"#OBJEKT {dimension} {quoted(number)} {quoted(names.get((dimension, number), number))}"
        for dimension, number in sorted(used.objects, key=lambda item: (item[0], int(item[1])))
    ]
    _write_lines(stream, lines)


def _object_names(objects: set[tuple[int, str]]) -> dict[tuple[int, str], str]:
    def ids(dimension: int) -> list[int]:
        return [int(number) for kind, number in objects if kind == dimension]

    names = {
        (PROGRAMME_DIMENSION, str(pk)): title
        for pk, title in Programme.objects.filter(pk__in=ids(PROGRAMME_DIMENSION)).values_list(
            "pk", "title_sv"
        )
    }
    names.update(
        ((CAMPAIGN_DIMENSION, str(pk)), title)
        for pk, title in Campaign.objects.filter(pk__in=ids(CAMPAIGN_DIMENSION)).values_list(
            "pk", "title_sv"
        )
    )
    return names


def accounts() -> dict[str, tuple[str, str]]:
    """The chart of accounts: ``SIE_ACCOUNTS`` (key → number and name)."""
    return {key: (str(number), name) for key, (number, name) in settings.SIE_ACCOUNTS.items()}


def _write_lines(stream: IO[bytes], lines: list[str]) -> None:
    stream.write(("\r\n".join(lines) + "\r\n").encode(ENCODING, errors="replace"))


def quoted(text: str) -> str:
    """A SIE text field: one line, quotes escaped, no backslash that could end it."""
    one_line = " ".join(str(text).split())
    return '"' + one_line.replace("\\", "/").replace('"', '\\"') + '"'


def object_list(objects: Objects) -> str:
    return "{" + " ".join(f"{dimension} {quoted(number)}" for dimension, number in objects) + "}"


def amount(minor: int) -> str:
    """``-150050`` → ``-1500.50``: kronor with a point and two decimals."""
    sign = "-" if minor < 0 else ""
    kronor, ore = divmod(abs(minor), 100)
    return f"{sign}{kronor}.{ore:02d}"
