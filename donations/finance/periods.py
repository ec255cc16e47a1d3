"""Exported periods: a period handed to the books is marked, so the same vouchers are
not imported twice by mistake."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from accounts.models import User

from ..models import ExportedPeriod


def overlapping_exports(start: date, end: date) -> QuerySet[ExportedPeriod]:
    """Marked periods sharing at least one day with ``start``..``end``."""
    return ExportedPeriod.objects.filter(start__lte=end, end__gte=start).order_by("start")


def mark_exported(
    start: date, end: date, *, vouchers: int, user: User | None = None
) -> ExportedPeriod:
    return ExportedPeriod.objects.create(
        start=start, end=end, voucher_count=vouchers, exported_by=user
    )
