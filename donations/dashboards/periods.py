"""A dashboard's period: a date range (both days included) in one currency, the period
it is compared with, and its buckets (days, weeks, months or years)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

GRAINS = ("day", "week", "month", "year")


def years_earlier(day: date, years: int) -> date:
    """The same date ``years`` earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def year_earlier(day: date) -> date:
    return years_earlier(day, 1)


def bucket_of(day: date, grain: str) -> date:
    """The first day of the day's week (Monday), month or year; the day itself."""
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    if grain == "year":
        return day.replace(month=1, day=1)
    return day


def _next_bucket(bucket: date, grain: str) -> date:
    if grain == "week":
        return bucket + timedelta(days=7)
    if grain == "month":
        return (bucket + timedelta(days=32)).replace(day=1)
    if grain == "year":
        return bucket.replace(year=bucket.year + 1)
    return bucket + timedelta(days=1)


@dataclass(frozen=True)
class Cut:
    """A period cut for the kept rows: its whole calendar months (first and last month's
    first day; None when it has none) and the day ranges before and after them."""

    months: tuple[date, date] | None
    days: list[tuple[date, date]]


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    currency: str
    grain: str = "month"

    @property
    def years_back(self) -> int:
        """How many years earlier the compared period lies: one, or for a period longer
        than a year the fewest whole years at which the same dates do not overlap it."""
        years = 1
        while years_earlier(self.end, years) >= self.start:
            years += 1
        return years

    def comparison(self) -> Period:
        """The same dates ``years_back`` years earlier: the same seasons (a December with
        a December), never overlapping this period."""
        years = self.years_back
        return Period(
            years_earlier(self.start, years),
            years_earlier(self.end, years),
            self.currency,
            self.grain,
        )

    def buckets(self) -> list[date]:
        """Every bucket from the start's to the end's, so empty ones show as zero."""
        buckets, bucket = [], bucket_of(self.start, self.grain)
        while bucket <= self.end:
            buckets.append(bucket)
            bucket = _next_bucket(bucket, self.grain)
        return buckets

    def cut(self) -> Cut:
        first = bucket_of(self.start, "month")
        if first < self.start:
            first = _next_bucket(first, "month")
        after = _next_bucket(bucket_of(self.end, "month"), "month")
        if after > self.end + timedelta(days=1):
            after = bucket_of(self.end, "month")
        if first >= after:
            return Cut(None, [(self.start, self.end)])
        days = [(self.start, first - timedelta(days=1))] if self.start < first else []
        if after <= self.end:
            days.append((after, self.end))
        return Cut((first, bucket_of(after - timedelta(days=1), "month")), days)

    def moments(self) -> tuple[datetime, datetime]:
        """The period as [from, until) in local time, for datetime columns."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    @classmethod
    def from_filters(cls, filters: dict[str, str]) -> Period:
        """The period ``as_filters`` wrote down (an export is built later from it)."""
        return cls(
            date.fromisoformat(filters["start"]),
            date.fromisoformat(filters["end"]),
            filters["currency"],
            filters["by"],
        )

    def as_filters(self) -> dict[str, str]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "currency": self.currency,
            "by": self.grain,
        }
