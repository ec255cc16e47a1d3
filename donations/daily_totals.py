"""The kept aggregates the dashboards read: gift totals and per-amount gift counts per
day (``DailyGiftTotal``, ``DailyAmountCount``) and the same per calendar month
(``MonthlyGiftTotal``, ``MonthlyAmountCount``). Moved by the ledger beside the campaign
and fund totals (``donations.totals``), in the same transaction, with F() updates so
concurrent workers add up; compared with the gifts and rebuilt by ``recompute_totals``.

A refund or a dispute counts on the day the gift was paid, so a day's (and a month's)
net is what the gifts of that day still count for."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from django.db.models import Count, DateField, F, Model, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from campaigns.models import Campaign

from .models import DailyAmountCount, DailyGiftTotal, Gift, MonthlyAmountCount, MonthlyGiftTotal


def gift_day(gift: Gift) -> date:
    return timezone.localdate(gift.paid_at)


def _places(gift: Gift) -> list[tuple[type[Model], type[Model], dict[str, Any]]]:
    """(gift total model, amount count model, where the gift counts) per day and month."""
    day = gift_day(gift)
    place = {"campaign_id": gift.campaign_id, "currency": gift.currency}
    return [
        (DailyGiftTotal, DailyAmountCount, {**place, "day": day}),
        (MonthlyGiftTotal, MonthlyAmountCount, {**place, "month": day.replace(day=1)}),
    ]


def add_gift_to_days(gift: Gift) -> None:
    """Count a new gift in its day's and month's totals and its amount's counts."""
    for totals_model, counts_model, place in _places(gift):
        _bump(
            totals_model,
            {**place, "kind": gift.kind},
            gross_minor=gift.amount_minor,
            refunded_minor=gift.amount_minor - gift.net_amount_minor,
            gift_count=1,
        )
        _bump(counts_model, {**place, "amount_minor": gift.amount_minor}, gift_count=1)


def change_day_net(gift: Gift, change_minor: int) -> None:
    """A refund (negative), a dispute's withdrawal (negative) or reinstatement (positive)
    moves what the gift's day and month still count for."""
    for totals_model, _counts_model, place in _places(gift):
        _bump(totals_model, {**place, "kind": gift.kind}, refunded_minor=-change_minor)


def _bump(model: Any, key: dict[str, Any], **increments: int) -> None:
    """Add to a kept row, creating it the first time; the F() update is atomic in the
    database, so two workers adding at once both count."""
    changes = {name: F(name) + by for name, by in increments.items()}
    if model.objects.filter(**key).update(**changes):
        return
    model.objects.get_or_create(**key)
    model.objects.filter(**key).update(**changes)


@dataclass(frozen=True)
class DayRow:
    gross_minor: int = 0
    refunded_minor: int = 0
    gift_count: int = 0


@dataclass(frozen=True)
class AmountRow:
    gift_count: int = 0


# (day or month, campaign, currency, kind or amount)
DayKey = tuple[date, int | None, str, Any]


@dataclass(frozen=True)
class Kept:
    """One kept aggregate: its model, the column it is dated by (a day, or a month's
    first day), the column it counts per, and the row it keeps."""

    model: Any
    date_column: str
    key_column: str
    row: type

    @property
    def monthly(self) -> bool:
        return self.date_column == "month"

    def floor(self, day: date) -> date:
        return day.replace(day=1) if self.monthly else day

    def ledger(self, since: date | None = None) -> dict[DayKey, Any]:
        """Straight from the gifts (one grouped query)."""
        truncate = TruncMonth if self.monthly else TruncDate
        gifts = Gift.objects.annotate(bucket=truncate("paid_at", output_field=DateField()))
        if since is not None:
            gifts = gifts.filter(bucket__gte=self.floor(since))
        sums = (
            {
                "gross": Sum("amount_minor"),
                "taken_back": Sum(F("refunded_minor") + F("disputed_minor")),
                "gifts": Count("pk"),
            }
            if self.row is DayRow
            else {"gifts": Count("pk")}
        )
        rows = (
            gifts.values("bucket", "campaign_id", "currency", self.key_column)
            .annotate(**sums)
            .order_by()
        )
        return {
            (row["bucket"], row["campaign_id"], row["currency"], row[self.key_column]): self.row(
                *(row[name] for name in sums)
            )
            for row in rows
        }

    def kept(self) -> dict[DayKey, Any]:
        names = [field.name for field in fields(self.row)]
        return {
            (
                getattr(row, self.date_column),
                row.campaign_id,
                row.currency,
                getattr(row, self.key_column),
            ): self.row(*(getattr(row, name) for name in names))
            for row in self.model.objects.all()
        }

    def save(self, key: DayKey, truth: Any) -> None:
        when, campaign_id, currency, value = key
        self.model.objects.update_or_create(
            **{self.date_column: when, self.key_column: value},
            campaign_id=campaign_id,
            currency=currency,
            defaults=asdict(truth),
        )

    def rebuild(self, since: date) -> None:
        """Replace the rows from ``since`` on (its whole month, for a monthly one)."""
        self.model.objects.filter(**{f"{self.date_column}__gte": self.floor(since)}).delete()
        self.model.objects.bulk_create(
            [
                self.model(
                    **{self.date_column: when, self.key_column: value},
                    campaign_id=campaign_id,
                    currency=currency,
                    **asdict(row),
                )
                for (when, campaign_id, currency, value), row in self.ledger(since).items()
            ],
            batch_size=2000,
        )

    @property
    def empty(self) -> Any:
        return self.row()


KEPT = (
    Kept(DailyGiftTotal, "day", "kind", DayRow),
    Kept(DailyAmountCount, "day", "amount_minor", AmountRow),
    Kept(MonthlyGiftTotal, "month", "kind", DayRow),
    Kept(MonthlyAmountCount, "month", "amount_minor", AmountRow),
)


def day_labels(keys: set[DayKey]) -> dict[DayKey, str]:
    """``2026-03-01 slug SEK once`` (``fund`` for gifts without a campaign), in order."""
    slugs = dict(Campaign.objects.values_list("pk", "slug"))
    ordered = sorted(keys, key=lambda key: (key[0], key[1] or 0, key[2], str(key[3])))
    return {
        key: f"{key[0]:%Y-%m-%d} {slugs.get(key[1], 'fund')} {key[2]} {key[3]}" for key in ordered
    }


def rebuild_days(*, since: date) -> None:
    """Replace the kept rows from ``since`` on with what the gifts say, in bulk (for a
    bulk load such as the demo year; the ledger itself moves rows one gift at a time)."""
    for kept in KEPT:
        kept.rebuild(since)
