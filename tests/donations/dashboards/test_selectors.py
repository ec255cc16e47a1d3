"""The dashboards' selectors read the kept aggregates: median from the amount counts,
every time bucket present, breakdowns, plan figures, one organisation only."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from donations import totals
from donations.dashboards import selectors
from donations.dashboards.periods import Period, year_earlier
from donations.models import FailedRenewal, Gift, RecurringPlan
from tests.donations.dashboards.conftest import counted_gift
from tests.factories.campaigns import CampaignFactory
from tests.factories.donations import DonorFactory

pytestmark = pytest.mark.django_db

ZONE = timezone.get_current_timezone()


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=ZONE)


def test_the_median_is_read_from_the_amount_counts():
    campaign = CampaignFactory()
    for amount in (10000, 10000, 25000, 50000):
        counted_gift(campaign=campaign, amount_minor=amount, paid_at=_at(date(2026, 3, 2)))
    period = Period(date(2026, 3, 1), date(2026, 3, 31), "SEK")

    assert selectors.median_gift(period) == 17500
    counted_gift(campaign=campaign, amount_minor=90000, paid_at=_at(date(2026, 3, 3)))
    assert selectors.median_gift(period) == 25000
    assert selectors.median_gift(Period(date(2026, 4, 1), date(2026, 4, 30), "SEK")) == 0


def test_raised_by_time_has_every_bucket_and_nets_out_refunds():
    gift = counted_gift(amount_minor=30000, paid_at=_at(date(2026, 1, 15)))
    counted_gift(amount_minor=20000, paid_at=_at(date(2026, 3, 1)))
    Gift.objects.filter(pk=gift.pk).update(refunded_minor=10000)
    totals.change_raised(gift, -10000)

    by_month = selectors.raised_by_time(Period(date(2026, 1, 1), date(2026, 3, 31), "SEK"))
    assert by_month == [(date(2026, 1, 1), 20000), (date(2026, 2, 1), 0), (date(2026, 3, 1), 20000)]
    by_week = selectors.raised_by_time(Period(date(2026, 1, 1), date(2026, 1, 31), "SEK", "week"))
    assert by_week[0] == (date(2025, 12, 29), 0) and (date(2026, 1, 12), 20000) in by_week
    assert selectors.figures(Period(date(2026, 1, 1), date(2026, 3, 31), "SEK")).net_minor == 40000
    assert selectors.raised_by_time(Period(date(2026, 1, 1), date(2026, 3, 31), "EUR"))[0][1] == 0


def test_breakdowns_and_an_organisations_scope():
    ours, theirs = CampaignFactory(), CampaignFactory()
    counted_gift(campaign=ours, amount_minor=10000, paid_at=_at(date(2026, 5, 5)))
    counted_gift(campaign=theirs, amount_minor=50000, paid_at=_at(date(2026, 5, 5)))
    counted_gift(campaign=None, amount_minor=7000, paid_at=_at(date(2026, 5, 5)))
    period = Period(date(2026, 5, 1), date(2026, 5, 31), "SEK")

    everyone = selectors.raised_by("organisation", period)
    assert [(share.label, share.net_minor) for share in everyone] == [
        (theirs.organisation.name, 50000),
        (ours.organisation.name, 10000),
        ("Centret självt", 7000),  # Swedish, the default,
    ]
    assert [s.label for s in selectors.raised_by("campaign", period, ours.organisation)] == [
        str(ours)
    ]
    assert selectors.figures(period, ours.organisation).gift_count == 1


def test_plan_figures_count_now_and_in_the_period():
    campaign = CampaignFactory()
    donor = DonorFactory()
    today = timezone.localdate()
    period = Period(today - timedelta(days=30), today, "SEK")
    plan = dict(donor=donor, campaign=campaign, currency="SEK", amount_minor=10000)
    RecurringPlan.objects.create(stripe_subscription_id="sub_a", **plan)
    RecurringPlan.objects.create(stripe_subscription_id="sub_b", **plan)
    late = RecurringPlan.objects.create(
        stripe_subscription_id="sub_c",
        status=RecurringPlan.Status.PAST_DUE,
        past_due_notice_sent_at=timezone.now(),
        **plan,
    )
    for number, (failed, recovered) in enumerate(
        [
            (timezone.now(), None),
            (timezone.now(), timezone.now()),
            (_at(today) - timedelta(90), None),
        ]
    ):
        FailedRenewal.objects.create(
            stripe_invoice_id=f"in_failed_{number}",
            plan=late,
            campaign=campaign,
            amount_minor=10000,
            currency="SEK",
            failed_at=failed,
            recovered_at=recovered,
        )
    RecurringPlan.objects.create(
        stripe_subscription_id="sub_d",
        status=RecurringPlan.Status.CANCELLED,
        cancelled_at=timezone.now(),
        created_at=timezone.now() - timedelta(days=400),
        **plan,
    )

    figures = selectors.plan_figures(period)
    assert (figures.active_plans, figures.active_donors, figures.monthly_minor) == (2, 1, 20000)
    assert (figures.new_plans, figures.cancelled_plans) == (3, 1)
    assert (figures.failed_renewals, figures.recovered_renewals, figures.past_due_plans) == (
        2,
        1,
        1,
    )
    assert [p.stripe_subscription_id for p in selectors.past_due_plans(period)] == ["sub_c"]
    assert selectors.plan_figures(period, CampaignFactory().organisation).active_plans == 0


def test_a_leap_day_a_year_earlier_is_the_28th():
    assert year_earlier(date(2028, 2, 29)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("start", "end", "months", "days"),
    [
        (
            date(2025, 12, 1),
            date(2026, 11, 25),
            (date(2025, 12, 1), date(2026, 10, 1)),
            [(date(2026, 11, 1), date(2026, 11, 25))],
        ),
        (date(2026, 1, 1), date(2026, 12, 31), (date(2026, 1, 1), date(2026, 12, 1)), []),
        (
            date(2026, 1, 15),
            date(2026, 2, 28),
            (date(2026, 2, 1), date(2026, 2, 1)),
            [(date(2026, 1, 15), date(2026, 1, 31))],
        ),
        (date(2026, 1, 31), date(2026, 2, 1), None, [(date(2026, 1, 31), date(2026, 2, 1))]),
        (date(2026, 3, 3), date(2026, 3, 20), None, [(date(2026, 3, 3), date(2026, 3, 20))]),
    ],
)
def test_a_period_is_cut_into_whole_months_and_odd_days(start, end, months, days):
    cut = Period(start, end, "SEK").cut()
    assert (cut.months, cut.days) == (months, days)


def test_whole_months_and_odd_days_add_up_to_what_the_gifts_say():
    """A period from mid-January to mid-April reads February and March from the monthly
    rows and the rest from the daily rows: every figure equals the gifts' own sums."""
    ours, theirs = CampaignFactory(), CampaignFactory()
    paid = {
        date(2026, 1, 14): (ours, 99900),  # the day before the period: left out
        date(2026, 1, 15): (ours, 10000),
        date(2026, 2, 1): (theirs, 20000),
        date(2026, 3, 31): (ours, 40000),
        date(2026, 4, 15): (theirs, 25000),
        date(2026, 4, 16): (ours, 88800),  # the day after: left out
    }
    for day, (campaign, amount) in paid.items():
        counted_gift(campaign=campaign, amount_minor=amount, paid_at=_at(day))
    refunded = counted_gift(campaign=ours, amount_minor=30000, paid_at=_at(date(2026, 3, 10)))
    Gift.objects.filter(pk=refunded.pk).update(refunded_minor=30000)
    totals.change_raised(refunded, -30000)
    period = Period(date(2026, 1, 15), date(2026, 4, 15), "SEK")
    assert period.cut().months == (date(2026, 2, 1), date(2026, 3, 1))

    figures = selectors.figures(period)
    assert (figures.net_minor, figures.gross_minor, figures.gift_count) == (95000, 125000, 5)
    assert figures.median_minor == 25000
    assert selectors.raised_by_time(period) == [
        (date(2026, 1, 1), 10000),
        (date(2026, 2, 1), 20000),
        (date(2026, 3, 1), 40000),
        (date(2026, 4, 1), 25000),
    ]
    assert [
        (s.label, s.net_minor, s.gift_count) for s in selectors.raised_by("campaign", period)
    ] == [
        (str(ours), 50000, 3),
        (str(theirs), 45000, 2),
    ]
    assert selectors.figures(period, ours.organisation).net_minor == 50000
    by_year = selectors.raised_by_time(Period(date(2026, 1, 15), date(2026, 4, 15), "SEK", "year"))
    assert by_year == [(date(2026, 1, 1), 95000)]
