"""The figures of a yearly statement (reads only).

For an approved gift recipient it marks the gifts that count toward the tax reduction
(the rules are in ``donations/tax_reduction.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from ..models import Donor, Gift
from ..tax_reduction import (
    GIFT_OCCASION_MINIMUM_MINOR,
    REDUCTION_MAXIMUM_MINOR,
    REDUCTION_PERCENT,
    TAX_CURRENCY,
    YEARLY_MINIMUM_MINOR,
)


@dataclass(frozen=True)
class StatementLine:
    gift: Gift
    counts_for_tax: bool

    @property
    def net_minor(self) -> int:
        return self.gift.net_amount_minor


@dataclass(frozen=True)
class CurrencyTotal:
    """``given_minor`` less what was refunded and what card disputes withhold is
    ``net_minor``, what the gifts still count for (``Gift.net_amount_minor``)."""

    currency: str
    given_minor: int
    refunded_minor: int
    withheld_minor: int  # taken back by the donor's bank in a card dispute, not a refund
    net_minor: int


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

    @property
    def has_disputes(self) -> bool:
        """Whether a card dispute withholds part of a gift (a column of its own then)."""
        return any(total.withheld_minor for total in self.totals)


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
        _total(currency, [g for g in gifts if g.currency == currency]) for currency in currencies
    ]


def _total(currency: str, gifts: list[Gift]) -> CurrencyTotal:
    return CurrencyTotal(
        currency=currency,
        given_minor=sum(gift.amount_minor for gift in gifts),
        refunded_minor=sum(gift.refunded_minor for gift in gifts),
        withheld_minor=sum(gift.disputed_minor for gift in gifts),
        net_minor=sum(gift.net_amount_minor for gift in gifts),
    )


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
