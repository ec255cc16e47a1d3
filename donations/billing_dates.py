"""Dates of a monthly gift's charges, counted as Stripe counts them (in UTC, whole seconds),
for pausing it and for saying when it is charged again."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

# A pause ends this long after the last charge it skips, so that charge falls inside
# the pause however many seconds Stripe takes to make it.
PAUSE_MARGIN = timedelta(days=1)


def months_from(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the month's last day if it is shorter), in whole
    seconds as Stripe keeps times, so its answer is recognised."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day, microsecond=0)


def pause_end(next_charge: datetime | None, months: int, now: datetime) -> datetime:
    """When Stripe resumes collecting (``pause_collection.resumes_at``) so that a pause
    of ``months`` skips that many charges: a margin after the last one skipped. Stripe
    voids the invoices it makes before then; the first charge after is
    ``months`` after ``next_charge``. Without a next charge to count from, from now."""
    if next_charge is None or next_charge <= now:
        return months_from(now, months) + PAUSE_MARGIN
    return months_from(next_charge, months - 1) + PAUSE_MARGIN


def first_charge_after(
    next_charge: datetime | None, resumes_at: datetime | None
) -> datetime | None:
    """The first charge on the billing cycle of ``next_charge`` at or after ``resumes_at``
    (None if either is unknown: paused until resumed, or no charge recorded)."""
    if next_charge is None or resumes_at is None:
        return None
    months = 0
    while months_from(next_charge, months) < resumes_at:
        months += 1
    return months_from(next_charge, months)
