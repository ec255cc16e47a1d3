"""The SVG charts' geometry: bars scale to the largest value, axis labels never overlap
or run off the chart, summaries say the total and the highest value."""

from datetime import date

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
