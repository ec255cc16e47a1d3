"""The SVG charts' geometry: bars scale to the largest value, axis labels never overlap
or run off the chart, summaries say the total and the highest value."""

from datetime import date

from django.utils import translation

from donations.dashboards import charts


def test_columns_scale_to_the_largest_value_and_labels_do_not_overlap():
    points = [
        (charts.bucket_label(date(2026, month, 1), "month"), month * 1000) for month in range(1, 13)
    ]
    chart = charts.column_chart("time", "Raised", points, "SEK", "Period")

    assert max(bar.height for bar in chart.bars) == charts.COLUMN_HEIGHT - charts.AXIS_ROOM
    assert chart.bars[0].height < chart.bars[-1].height
    for left, right in zip(chart.labels, chart.labels[1:], strict=False):
        assert right.x - left.x >= len(left.text) * charts.CHARACTER_WIDTH
    assert all(
        label.x + len(label.text) * charts.CHARACTER_WIDTH <= charts.WIDTH + 2
        for label in chart.labels
    )
    assert len(chart.rows) == 12
    assert chart.summary == "12 värden, 780\xa0kr totalt; högst är december 2026 med 120\xa0kr."


def test_bars_show_the_first_ten_and_the_table_every_item():
    points = [(f"Campaign {n}", 1000 * (20 - n)) for n in range(15)]
    chart = charts.bar_chart("campaign", "Top campaigns", points, "SEK", "Campaign")
    assert len(chart.bars) == 10 and len(chart.rows) == 15
    assert chart.height == 10 * charts.ROW_HEIGHT


def test_an_empty_period_says_so():
    chart = charts.bar_chart("campaign", "Top campaigns", [], "SEK", "Campaign")
    assert chart.bars == [] and chart.summary == "Inget samlades in under perioden."


def test_one_value_is_counted_in_the_singular():
    chart = charts.bar_chart("country", "By country", [("Albanien", 5000)], "SEK", "Country")
    assert chart.summary == "1 värde, 50\xa0kr totalt; högst är Albanien med 50\xa0kr."
    with translation.override("en"):
        chart = charts.bar_chart("country", "By country", [("Albania", 5000)], "SEK", "Country")
    assert chart.summary == "1 value, SEK\xa050 in all; the highest is Albania with SEK\xa050."


def test_days_are_labelled_with_their_month_in_words_like_weeks_and_months():
    points = [(charts.bucket_label(date(2025, 11, day), "day"), day * 100) for day in (26, 27)]
    chart = charts.column_chart("time", "Raised", points, "SEK", "Period")
    assert [label for label, _value in chart.rows] == ["26 nov 2025", "27 nov 2025"]
    assert chart.summary.endswith("högst är 27 nov 2025 med 27\xa0kr.")
    with translation.override("en"):
        assert charts.bucket_label(date(2025, 11, 27), "day") == "27 Nov 2025"
