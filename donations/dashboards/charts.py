"""Charts drawn on the server as SVG (no scripts, nothing from another site): a chart is
geometry plus its numbers, so the template shows the bars, a title, a text summary and
the same numbers as a table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from fundraising.money import format_money

WIDTH = 720
COLUMN_HEIGHT = 240
ROW_HEIGHT = 26
LABEL_WIDTH = 250
AXIS_ROOM = 24
CHARACTER_WIDTH = 7.5  # at the axis labels' 12 px, generously
# A day with its month in words, like the week and month labels ("27 nov 2025").
DAY_FORMAT = pgettext_lazy("date format for a day in a chart", "j M Y")


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str
    value: str


@dataclass(frozen=True)
class AxisLabel:
    x: int
    y: int
    text: str


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    summary: str
    width: int
    height: int
    bars: list[Bar]
    labels: list[AxisLabel]
    header: tuple[str, str]
    horizontal: bool
    rows: list[tuple[str, str]]

    # The marks and the table are joined here rather than looped over in the template:
    # a year by day is 365 bars and 365 rows, which the template language draws slowly.

    def marks(self) -> SafeString:
        """The bars (a horizontal chart's with their labels and amounts), then the axis
        labels and, under columns, the axis line."""
        bars = format_html_join(
            "\n", HORIZONTAL_BAR if self.horizontal else COLUMN, self._bar_arguments()
        )
        labels = format_html_join(
            "\n", AXIS_LABEL, ((label.x, label.y, label.text) for label in self.labels)
        )
        axis = (
            ""
            if self.horizontal
            else format_html(AXIS, y=self.height - AXIS_ROOM, width=self.width)
        )
        return format_html("{}\n{}\n{}", bars, labels, axis)

    def _bar_arguments(self):
        for bar in self.bars:
            if self.horizontal:
                yield (
                    bar.x - 8,
                    bar.y + 13,
                    Truncator(bar.label).chars(34),
                    bar.x,
                    bar.y,
                    bar.width,
                    bar.height,
                    bar.label,
                    bar.value,
                    bar.x + bar.width + 6,
                    bar.y + 13,
                    bar.value,
                )
            else:
                yield (bar.x, bar.y, bar.width, bar.height, bar.label, bar.value)

    def table_rows(self) -> SafeString:
        if not self.rows:
            return NO_ROWS
        return format_html_join("", TABLE_ROW, self.rows)


COLUMN = '<rect x="{}" y="{}" width="{}" height="{}" fill="#1a5490"><title>{}: {}</title></rect>'
HORIZONTAL_BAR = (
    '<g><text x="{}" y="{}" text-anchor="end" font-size="13" fill="#212529">{}</text>'
    + COLUMN
    + '<text x="{}" y="{}" font-size="13" fill="#212529">{}</text></g>'
)
AXIS_LABEL = '<text x="{}" y="{}" font-size="12" fill="#212529">{}</text>'
AXIS = '<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#495057" stroke-width="1"/>'
NO_ROWS = mark_safe('<tr><td colspan="2">–</td></tr>')
TABLE_ROW = '<tr><th scope="row" class="fw-normal">{}</th><td class="text-end">{}</td></tr>'


def bucket_label(bucket: date, grain: str) -> str:
    if grain == "year":
        return str(bucket.year)
    if grain == "month":
        return date_format(bucket, "YEAR_MONTH_FORMAT")
    if grain == "week":
        year, week, _day = bucket.isocalendar()
        return _("week %(week)s, %(year)s") % {"week": week, "year": year}
    return date_format(bucket, DAY_FORMAT)


def _summary(points: Sequence[tuple[str, int]], currency: str) -> str:
    if not points or not any(value for _label, value in points):
        return _("Nothing was raised in this period.")
    high = max(points, key=lambda point: point[1])
    return ngettext(
        "%(count)s value, %(total)s in all; the highest is %(label)s with %(value)s.",
        "%(count)s values, %(total)s in all; the highest is %(label)s with %(value)s.",
        len(points),
    ) % {
        "count": len(points),
        "total": format_money(sum(value for _label, value in points), currency),
        "label": high[0],
        "value": format_money(high[1], currency),
    }


def _scale(points: Sequence[tuple[str, int]]) -> int:
    return max([value for _label, value in points] + [1])


def _label_every(points: Sequence[tuple[str, int]], step: float) -> int:
    """Label every n-th bar, n such that the longest label fits in its n bars' width."""
    longest = max([len(label) for label, _value in points] + [1])
    return max(1, math.ceil(longest * CHARACTER_WIDTH / step))


def column_chart(
    slug: str, title: str, points: Sequence[tuple[str, int]], currency: str, header: str
) -> Chart:
    """Vertical bars over time; every n-th bar is labelled so labels never overlap."""
    top, plot = _scale(points), COLUMN_HEIGHT - AXIS_ROOM
    step = WIDTH / max(len(points), 1)
    every = _label_every(points, step)
    bars, labels = [], []
    for index, (label, value) in enumerate(points):
        height = round(plot * max(value, 0) / top)
        x = round(index * step)
        bars.append(
            Bar(
                x + 1,
                plot - height,
                max(round(step) - 2, 1),
                height,
                label,
                format_money(value, currency),
            )
        )
        if index % every == 0 and x + len(label) * CHARACTER_WIDTH <= WIDTH:
            labels.append(AxisLabel(x + 2, COLUMN_HEIGHT - 6, label))
    return Chart(
        slug,
        title,
        _summary(points, currency),
        WIDTH,
        COLUMN_HEIGHT,
        bars,
        labels,
        (header, _("Raised")),
        False,
        [(bar.label, bar.value) for bar in bars],
    )


def bar_chart(
    slug: str,
    title: str,
    points: Sequence[tuple[str, int]],
    currency: str,
    header: str,
    most_bars: int = 10,
) -> Chart:
    """Horizontal bars for the first ``most_bars`` items, the label on the left and the
    amount after it; the table lists every item."""
    top, room = _scale(points), WIDTH - LABEL_WIDTH - 110
    bars = []
    for index, (label, value) in enumerate(points[:most_bars]):
        bars.append(
            Bar(
                LABEL_WIDTH,
                index * ROW_HEIGHT + 4,
                max(round(room * max(value, 0) / top), 1),
                ROW_HEIGHT - 8,
                label,
                format_money(value, currency),
            )
        )
    return Chart(
        slug,
        title,
        _summary(points, currency),
        WIDTH,
        max(len(bars), 1) * ROW_HEIGHT,
        bars,
        [],
        (header, _("Raised")),
        True,
        [(label, format_money(value, currency)) for label, value in points],
    )
