"""The kept per-day aggregates (``DailyGiftTotal``, ``DailyAmountCount``) the dashboards
read: moved by the ledger beside the campaign and fund totals (``donations.totals``), in
the same transaction, with F() updates so concurrent workers add up; compared with the
gifts and rebuilt by ``recompute_totals``.

A refund or a dispute counts on the day the gift was paid, so a day's net is what the
gifts of that day still count for."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from campaigns.models import Campaign

from .models import DailyAmountCount, DailyGiftTotal, Gift


def gift_day(gift: Gift) -> date:
    return timezone.localdate(gift.paid_at)


def add_gift_to_days(gift: Gift) -> None:
    """Count a new gift in its day's total and its amount's count."""
    place = {"day": gift_day(gift), "campaign_id": gift.campaign_id, "currency": gift.currency}
    _bump(
        DailyGiftTotal,
        {**place, "kind": gift.kind},
        gross_minor=gift.amount_minor,
        refunded_minor=gift.amount_minor - gift.net_amount_minor,
        gift_count=1,
    )
    _bump(DailyAmountCount, {**place, "amount_minor": gift.amount_minor}, gift_count=1)


def change_day_net(gift: Gift, change_minor: int) -> None:
    """A refund (negative), a dispute's withdrawal (negative) or reinstatement (positive)
    moves what the gift's day still counts for."""
    key = {
        "day": gift_day(gift),
        "campaign_id": gift.campaign_id,
        "currency": gift.currency,
        "kind": gift.kind,
    }
    _bump(DailyGiftTotal, key, refunded_minor=-change_minor)


def _bump(model: Any, key: dict[str, Any], **increments: int) -> None:
    """Add to a kept row, creating it first; the F() update is atomic in the database."""
    model.objects.get_or_create(**key)
    model.objects.filter(**key).update(**{name: F(name) + by for name, by in increments.items()})


@dataclass(frozen=True)
class DayRow:
    gross_minor: int = 0
    refunded_minor: int = 0
    gift_count: int = 0


@dataclass(frozen=True)
class AmountRow:
    gift_count: int = 0


DayKey = tuple[date, int | None, str, str]


def _gifts_since(since: date | None):
    gifts = Gift.objects.annotate(day=TruncDate("paid_at"))
    return gifts if since is None else gifts.filter(day__gte=since)


def ledger_days(since: date | None = None) -> dict[DayKey, DayRow]:
    """Per day x campaign x currency x kind, straight from the gifts (one grouped query)."""
    rows = (
        _gifts_since(since)
        .values("day", "campaign_id", "currency", "kind")
        .annotate(
            gross=Sum("amount_minor"),
            taken_back=Sum(F("refunded_minor") + F("disputed_minor")),
            gifts=Count("pk"),
        )
        .order_by()
    )
    return {
        (row["day"], row["campaign_id"], row["currency"], row["kind"]): DayRow(
            row["gross"], row["taken_back"], row["gifts"]
        )
        for row in rows
    }


def kept_days() -> dict[DayKey, DayRow]:
    return {
        (row.day, row.campaign_id, row.currency, row.kind): DayRow(
            row.gross_minor, row.refunded_minor, row.gift_count
        )
        for row in DailyGiftTotal.objects.all()
    }


def ledger_amounts(since: date | None = None) -> dict[DayKey, AmountRow]:
    """Per day x campaign x currency x amount, straight from the gifts."""
    rows = (
        _gifts_since(since)
        .values("day", "campaign_id", "currency", "amount_minor")
        .annotate(gifts=Count("pk"))
        .order_by()
    )
    return {
        (row["day"], row["campaign_id"], row["currency"], row["amount_minor"]): AmountRow(
            row["gifts"]
        )
        for row in rows
    }


def kept_amounts() -> dict[DayKey, AmountRow]:
    return {
        (row.day, row.campaign_id, row.currency, row.amount_minor): AmountRow(row.gift_count)
        for row in DailyAmountCount.objects.all()
    }


def save_day(key: DayKey, truth: DayRow) -> None:
    day, campaign_id, currency, kind = key
    DailyGiftTotal.objects.update_or_create(
        day=day, campaign_id=campaign_id, currency=currency, kind=kind, defaults=asdict(truth)
    )


def save_amount(key: DayKey, truth: AmountRow) -> None:
    day, campaign_id, currency, amount_minor = key
    DailyAmountCount.objects.update_or_create(
        day=day,
        campaign_id=campaign_id,
        currency=currency,
        amount_minor=amount_minor,
        defaults=asdict(truth),
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
    DailyGiftTotal.objects.filter(day__gte=since).delete()
    DailyAmountCount.objects.filter(day__gte=since).delete()
    DailyGiftTotal.objects.bulk_create(
        [
            DailyGiftTotal(
                day=day, campaign_id=campaign_id, currency=currency, kind=kind, **asdict(row)
            )
            for (day, campaign_id, currency, kind), row in ledger_days(since=since).items()
        ],
        batch_size=2000,
    )
    DailyAmountCount.objects.bulk_create(
        [
            DailyAmountCount(
                day=day,
                campaign_id=campaign_id,
                currency=currency,
                amount_minor=amount,
                **asdict(row),
            )
            for (day, campaign_id, currency, amount), row in ledger_amounts(since=since).items()
        ],
        batch_size=2000,
    )
