"""The kept totals campaigns own, read through ``campaigns.selectors`` (the gift ledger
keeps them in step; ``tests/donations/test_totals.py`` covers that side)."""

import pytest

from campaigns import selectors
from campaigns.models import CampaignTotal, FundTotal
from tests.factories.campaigns import CampaignFactory

pytestmark = pytest.mark.django_db


def test_totals_for_several_campaigns_cost_one_query(django_assert_num_queries):
    first, second = CampaignFactory(goal_minor=100_000), CampaignFactory(goal_minor=0)
    CampaignTotal.objects.create(campaign=first, raised_minor=25_000, gift_count=3, donor_count=2)
    with django_assert_num_queries(1):
        totals = selectors.totals_for_campaigns([first, second])

    assert totals[first.pk] == selectors.CampaignTotals(
        raised_minor=25_000,
        gift_count=3,
        donor_count=2,
        goal_minor=100_000,
        currency=first.currency,
    )
    assert totals[first.pk].percent_of_goal == 25
    assert (totals[second.pk].raised_minor, totals[second.pk].gift_count) == (0, 0)
    assert totals[second.pk].percent_of_goal == 0  # no goal: no thermometer
    assert selectors.campaign_totals(first) == totals[first.pk]


@pytest.mark.parametrize(("raised", "percent"), [(0, 0), (999, 0), (150_000, 100), (-5, 0)])
def test_progress_towards_the_goal_stays_between_0_and_100(raised, percent):
    totals = selectors.CampaignTotals(
        raised_minor=raised, gift_count=1, donor_count=1, goal_minor=100_000, currency="SEK"
    )
    assert totals.percent_of_goal == percent


@pytest.mark.parametrize(
    ("raised", "goal", "bar"),
    [(0, 100_000, 0), (1, 100_000, 2), (999, 100_000, 2), (25_000, 100_000, 25), (5, 0, 0)],
)
def test_the_thermometer_bar_shows_a_sliver_once_anything_is_raised(raised, goal, bar):
    totals = selectors.CampaignTotals(
        raised_minor=raised, gift_count=1, donor_count=1, goal_minor=goal, currency="SEK"
    )
    assert totals.bar_percent == bar


def test_fund_totals_list_sek_first_and_leave_out_currencies_with_nothing_raised(
    django_assert_num_queries,
):
    FundTotal.objects.create(currency="EUR", raised_minor=500, gift_count=1)
    FundTotal.objects.create(currency="SEK", raised_minor=30_000, gift_count=2)
    with django_assert_num_queries(1):
        totals = selectors.fund_totals()
    assert [(t.currency, t.raised_minor) for t in totals] == [("SEK", 30_000), ("EUR", 500)]

    FundTotal.objects.filter(currency="EUR").update(raised_minor=0)  # all of it refunded
    assert [t.currency for t in selectors.fund_totals()] == ["SEK"]
