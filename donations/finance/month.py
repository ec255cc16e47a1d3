"""A month of the books at a glance: gifts, refunds and disputes from our ledger; fees,
payouts and what moved on the Stripe balance from its balance transactions; and the
Stripe balance at the month's end. A fixed number of aggregate queries."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from ..models import BalanceTransaction, Dispute, Gift, Payout, Refund
from . import selectors
from .periods import overlapping_exports


@dataclass(frozen=True)
class Total:
    currency: str
    count: int
    amount_minor: int


@dataclass(frozen=True)
class CategoryTotal:
    category: str
    currency: str
    gross_minor: int
    fee_minor: int
    net_minor: int


@dataclass(frozen=True)
class Month:
    start: date
    end: date

    @classmethod
    def of(cls, year: int, month: int) -> Month:
        """Raises ValueError for a month that does not exist."""
        start = date(year, month, 1)
        return cls(start, start.replace(day=calendar.monthrange(year, month)[1]))

    @property
    def previous(self) -> Month:
        day = self.start - timedelta(days=1)
        return Month.of(day.year, day.month)

    @property
    def next(self) -> Month:
        day = self.end + timedelta(days=1)
        return Month.of(day.year, day.month)

    def bounds(self) -> tuple[datetime, datetime]:
        """The month's first moment and the next month's, in local time."""
        zone = timezone.get_current_timezone()
        begin = datetime.combine(self.start, time.min, tzinfo=zone)
        return begin, datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)


def _totals(queryset: QuerySet, amount_field: str = "amount_minor") -> list[Total]:
    rows = (
        queryset.order_by()
        .values("currency")
        .annotate(count=Count("pk"), amount=Sum(amount_field))
        .order_by("currency")
    )
    return [Total(row["currency"], row["count"], row["amount"] or 0) for row in rows]


def gift_totals(month: Month) -> list[Total]:
    begin, end = month.bounds()
    return _totals(Gift.objects.filter(paid_at__gte=begin, paid_at__lt=end))


def refund_totals(month: Month) -> list[Total]:
    """Refunds made in the month, those that failed since included (as in the books)."""
    begin, end = month.bounds()
    return _totals(Refund.objects.filter(created_at__gte=begin, created_at__lt=end))


def failed_refund_totals(month: Month) -> list[Total]:
    """Refunds that failed in the month: their money came back to the balance."""
    begin, end = month.bounds()
    return _totals(Refund.objects.filter(failed_at__gte=begin, failed_at__lt=end))


def dispute_totals(month: Month) -> list[Total]:
    """Disputes opened in the month, with the amounts they dispute."""
    begin, end = month.bounds()
    return _totals(Dispute.objects.filter(opened_at__gte=begin, opened_at__lt=end))


def balance_movements(month: Month) -> list[CategoryTotal]:
    """What moved on the Stripe balance in the month, per reporting category (charges
    and their fees, refunds, disputes, payouts), from the lines fetched so far."""
    totals = selectors.settlement_totals(selectors.lines_in_period(month.start, month.end))
    return [
        CategoryTotal(category, currency, **amounts)
        for (category, currency), amounts in sorted(totals.items())
    ]


def closing_balance(month: Month) -> list[Total]:
    """The Stripe balance at the month's end: every fetched line created before then.
    Lines arrive with the payout that settles them, so the latest weeks show only once
    their payout is paid."""
    _, end = month.bounds()
    return _totals(
        BalanceTransaction.objects.filter(stripe_created_at__lt=end), amount_field="net_minor"
    )


def month_payouts(month: Month) -> QuerySet[Payout]:
    return selectors.payouts(since=month.start, until=month.end)


def exports_of(month: Month):
    return overlapping_exports(month.start, month.end)
