"""The figures of a yearly statement (reads only).

Tax reduction for gifts (Skatteverket, Inkomstskattelagen 67 kap.): for an approved gift
recipient, gifts of money of at least 200 kr per occasion count, if they reach 2 000 kr
in the year; the reduction is 25 % of them, at most 1 500 kr. Each gift (a one-off gift
or one monthly installment) is one occasion, measured after refunds; only kronor count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from ..models import Donor, Gift

GIFT_OCCASION_MINIMUM_MINOR = 20_000  # 200 kr
YEARLY_MINIMUM_MINOR = 200_000  # 2 000 kr
REDUCTION_PERCENT = 25
REDUCTION_MAXIMUM_MINOR = 150_000  # 1 500 kr
TAX_CURRENCY = "SEK"


@dataclass(frozen=True)
class StatementLine:
    gift: Gift
    counts_for_tax: bool

    @property
    def net_minor(self) -> int:
        return self.gift.net_amount_minor


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    given_minor: int
    net_minor: int  # what the gifts still count for (``Gift.net_amount_minor``)

    @property
    def deducted_minor(self) -> int:
        """Refunded (or otherwise taken off the gifts)."""
        return self.given_minor - self.net_minor


@dataclass(frozen=True)
class TaxReduction:
    """What counts toward the reduction; ``reduction_minor`` is 0 below the yearly minimum."""

    occasions_minor: int  # gifts of at least 200 kr, after refunds
    reaches_minimum: bool
    reduction_minor: int
    currency: str = TAX_CURRENCY


@dataclass(frozen=True)
class YearlyStatement:
    year: int
    donor_name: str
    emails: list[str]
    lines: list[StatementLine]
    totals: list[CurrencyTotal]
    tax: TaxReduction | None  # None unless the organisation is an approved gift recipient


def year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def gifts_of_year(donors: Iterable[Donor], year: int):
    start, end = year_bounds(year)
    return (
        Gift.objects.filter(donor__in=list(donors), paid_at__gte=start, paid_at__lt=end)
        .select_related("campaign", "donor")
        .order_by("paid_at", "pk")
    )


def gift_years(donors: Iterable[Donor]) -> list[int]:
    """The calendar years (in the organisation's time zone) the donors gave in, newest first."""
    dates = Gift.objects.filter(donor__in=list(donors)).dates("paid_at", "year", order="DESC")
    return [day.year for day in dates]


def occasion_counts(gift: Gift) -> bool:
    """A gift of money in kronor of at least 200 kr after refunds."""
    return gift.currency == TAX_CURRENCY and gift.net_amount_minor >= GIFT_OCCASION_MINIMUM_MINOR


def tax_reduction(gifts: Iterable[Gift]) -> TaxReduction:
    occasions = sum(gift.net_amount_minor for gift in gifts if occasion_counts(gift))
    reaches = occasions >= YEARLY_MINIMUM_MINOR
    reduction = min(occasions * REDUCTION_PERCENT // 100, REDUCTION_MAXIMUM_MINOR)
    return TaxReduction(
        occasions_minor=occasions,
        reaches_minimum=reaches,
        reduction_minor=reduction if reaches else 0,
    )


def _totals(gifts: list[Gift]) -> list[CurrencyTotal]:
    currencies = sorted({gift.currency for gift in gifts}, key=lambda c: (c != TAX_CURRENCY, c))
    return [
        CurrencyTotal(
            currency=currency,
            given_minor=sum(g.amount_minor for g in gifts if g.currency == currency),
            net_minor=sum(g.net_amount_minor for g in gifts if g.currency == currency),
        )
        for currency in currencies
    ]


def yearly_statement(donors: Iterable[Donor], year: int) -> YearlyStatement | None:
    """Every gift the donors gave in ``year``, or None when they gave nothing that year."""
    donors = list(donors)
    gifts = list(gifts_of_year(donors, year))
    if not gifts:
        return None
    tax = tax_reduction(gifts) if settings.APPROVED_GIFT_RECIPIENT else None
    return YearlyStatement(
        year=year,
        donor_name=gifts[-1].donor_name or gifts[-1].donor.name,
        emails=sorted({gift.donor.email for gift in gifts}),
        lines=[
            StatementLine(
                gift, counts_for_tax=bool(tax and tax.reaches_minimum) and occasion_counts(gift)
            )
            for gift in gifts
        ],
        totals=_totals(gifts),
        tax=tax,
    )
