"""The figures of a yearly statement and the tax reduction for gifts."""

from datetime import datetime

import pytest
from django.utils import timezone

from donations.statements.figures import gift_years, yearly_statement
from tests.factories.donations import DonorFactory, GiftFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = timezone.get_default_timezone()


def paid(year, month=6, day=1, hour=12):
    return datetime(year, month, day, hour, tzinfo=STOCKHOLM)


def gifts(donor, *amounts_kr, year=2025, **fields):
    return [
        GiftFactory(donor=donor, amount_minor=kr * 100, paid_at=paid(year), **fields)
        for kr in amounts_kr
    ]


def test_lists_the_years_gifts_with_refunds_netted_and_the_total():
    donor = DonorFactory()
    gifts(donor, 500, 300)
    GiftFactory(donor=donor, amount_minor=10000, refunded_minor=4000, paid_at=paid(2025))
    gifts(donor, 999, year=2024)

    statement = yearly_statement([donor], 2025)

    assert [line.net_minor for line in statement.lines] == [50000, 30000, 6000]
    [total] = statement.totals
    assert (total.given_minor, total.refunded_minor, total.net_minor) == (90000, 4000, 86000)
    assert total.withheld_minor == 0 and not statement.has_disputes


def test_a_card_dispute_is_withheld_not_refunded():
    donor = DonorFactory()
    GiftFactory(donor=donor, amount_minor=100000, disputed_minor=100000, paid_at=paid(2025))
    GiftFactory(donor=donor, amount_minor=50000, refunded_minor=10000, paid_at=paid(2025))

    statement = yearly_statement([donor], 2025)

    [total] = statement.totals
    assert (total.given_minor, total.refunded_minor, total.withheld_minor, total.net_minor) == (
        150000,
        10000,
        100000,
        40000,
    )
    assert statement.has_disputes


def test_the_year_is_the_calendar_year_in_stockholm():
    donor = DonorFactory()
    new_years_eve = GiftFactory(
        donor=donor, paid_at=datetime(2025, 12, 31, 23, 30, tzinfo=STOCKHOLM)
    )
    GiftFactory(donor=donor, paid_at=datetime(2026, 1, 1, 0, 30, tzinfo=STOCKHOLM))

    assert [line.gift for line in yearly_statement([donor], 2025).lines] == [new_years_eve]
    assert gift_years([donor]) == [2026, 2025]


def test_a_year_without_gifts_has_no_statement():
    assert yearly_statement([DonorFactory()], 2025) is None


def test_currencies_are_totalled_apart():
    donor = DonorFactory()
    gifts(donor, 100)
    gifts(donor, 20, currency="EUR")

    totals = yearly_statement([donor], 2025).totals

    assert [(t.currency, t.net_minor) for t in totals] == [("SEK", 10000), ("EUR", 2000)]


def test_no_tax_reduction_unless_an_approved_gift_recipient(settings):
    settings.APPROVED_GIFT_RECIPIENT = False
    donor = DonorFactory()
    gifts(donor, 5000)

    statement = yearly_statement([donor], 2025)

    assert statement.tax is None
    assert not any(line.counts_for_tax for line in statement.lines)


def test_gifts_of_200_kr_count_once_they_reach_2000_kr(settings):
    settings.APPROVED_GIFT_RECIPIENT = True
    donor = DonorFactory()
    gifts(donor, 1000, 800, 200, 199)  # 199 kr is below the per-occasion minimum
    GiftFactory(donor=donor, amount_minor=30000, refunded_minor=15000, paid_at=paid(2025))
    gifts(donor, 500, currency="EUR")

    statement = yearly_statement([donor], 2025)

    counted = [line.counts_for_tax for line in statement.lines]
    assert counted == [True, True, True, False, False, False]
    assert statement.tax.occasions_minor == 200_000
    assert statement.tax.reaches_minimum
    assert statement.tax.reduction_minor == 50_000  # 25 % of 2 000 kr


def test_below_2000_kr_in_the_year_nothing_counts(settings):
    settings.APPROVED_GIFT_RECIPIENT = True
    donor = DonorFactory()
    gifts(donor, 1000, 999)

    statement = yearly_statement([donor], 2025)

    assert not statement.tax.reaches_minimum
    assert statement.tax.reduction_minor == 0
    assert not any(line.counts_for_tax for line in statement.lines)


def test_the_reduction_is_at_most_1500_kr(settings):
    settings.APPROVED_GIFT_RECIPIENT = True
    donor = DonorFactory()
    gifts(donor, 5000, 5000)

    assert yearly_statement([donor], 2025).tax.reduction_minor == 150_000


def test_monthly_installments_below_200_kr_do_not_count(settings):
    settings.APPROVED_GIFT_RECIPIENT = True
    donor = DonorFactory()
    gifts(donor, *[150] * 12, 2000, kind="monthly")

    statement = yearly_statement([donor], 2025)

    assert statement.tax.occasions_minor == 200_000
    assert sum(line.counts_for_tax for line in statement.lines) == 1
