"""What a dashboard period is compared with: the same dates a year earlier, or as many
whole years back as it takes for a long period not to overlap itself."""

from datetime import date

import pytest

from donations.dashboards.periods import Period


@pytest.mark.parametrize(
    ("start", "end", "years", "compared"),
    [
        (date(2025, 12, 1), date(2026, 11, 25), 1, (date(2024, 12, 1), date(2025, 11, 25))),
        (date(2025, 1, 1), date(2025, 12, 31), 1, (date(2024, 1, 1), date(2024, 12, 31))),
        (date(2024, 11, 26), date(2026, 11, 25), 2, (date(2022, 11, 26), date(2024, 11, 25))),
        (date(2024, 7, 1), date(2025, 12, 31), 2, (date(2022, 7, 1), date(2023, 12, 31))),
        (date(2020, 2, 29), date(2024, 2, 29), 5, (date(2015, 2, 28), date(2019, 2, 28))),
    ],
)
def test_the_compared_period_never_overlaps_the_period(start, end, years, compared):
    period = Period(start, end, "EUR", "week")
    comparison = period.comparison()
    assert period.years_back == years
    assert (comparison.start, comparison.end) == compared
    assert comparison.end < period.start
    assert (comparison.currency, comparison.grain) == ("EUR", "week")
