"""The kept campaign and fund totals (``campaigns.CampaignTotal``, ``FundTotal``).

The ledger moves them in the same transaction as each gift, refund or dispute, so no page
ever sums the gift table; ``recompute_totals`` compares them with the gifts and
rebuilds them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

from django.db.models import Count, F, Q, Sum

from campaigns.models import Campaign, CampaignTotal, FundTotal

from . import daily_totals
from .models import Gift


def counts(net_minor: int) -> bool:
    """A gift counts as a gift, and its donor as a donor, while it still counts for money:
    a gift fully refunded or fully withheld by a card dispute does not (and counts again
    when a dispute's funds are reinstated)."""
    return net_minor > 0


COUNTED = Q(amount_minor__gt=F("refunded_minor") + F("disputed_minor"))


def add_gift(gift: Gift) -> None:
    """Count a new gift in the fund's total and its campaign's (donors counted once)."""
    counted = int(counts(gift.net_amount_minor))
    _adjust_fund_total(gift.currency, raised_minor=gift.net_amount_minor, gift_count=counted)
    daily_totals.add_gift_to_days(gift)
    if gift.campaign_id is None:
        return
    CampaignTotal.objects.get_or_create(campaign_id=gift.campaign_id)
    _adjust_campaign_total(gift, raised_minor=gift.net_amount_minor, gift_count=counted)


def change_raised(gift: Gift, change_minor: int) -> None:
    """Move the fund's and the campaign's raised amount by what the gift now counts for
    less (negative: a refund, funds withdrawn by a dispute) or more (funds reinstated,
    a refund that failed).
    ``gift`` already holds its new amounts; a gift that stops or starts counting moves
    the gift and donor counts too."""
    after = gift.net_amount_minor
    counted = int(counts(after)) - int(counts(after - change_minor))
    _adjust_fund_total(gift.currency, raised_minor=change_minor, gift_count=counted)
    daily_totals.change_day_net(gift, change_minor)
    if gift.campaign_id is not None:
        _adjust_campaign_total(gift, raised_minor=change_minor, gift_count=counted)


def _adjust_campaign_total(gift: Gift, *, raised_minor: int, gift_count: int) -> None:
    """The donor count moves with the gift count unless another of the donor's gifts to
    the campaign still counts."""
    other_counted = (
        Gift.objects.filter(COUNTED, campaign_id=gift.campaign_id, donor_id=gift.donor_id)
        .exclude(pk=gift.pk)
        .exists()
        if gift_count
        else True
    )
    CampaignTotal.objects.filter(campaign_id=gift.campaign_id).update(
        raised_minor=F("raised_minor") + raised_minor,
        gift_count=F("gift_count") + gift_count,
        donor_count=F("donor_count") + (0 if other_counted else gift_count),
    )


def _adjust_fund_total(currency: str, *, raised_minor: int, gift_count: int = 0) -> None:
    FundTotal.objects.get_or_create(currency=currency)
    FundTotal.objects.filter(currency=currency).update(
        raised_minor=F("raised_minor") + raised_minor, gift_count=F("gift_count") + gift_count
    )


@dataclass(frozen=True)
class TotalsRow:
    raised_minor: int
    gift_count: int
    donor_count: int = 0


@dataclass(frozen=True)
class TotalsDifference:
    """What a cache said and what the ledger says, for one campaign, the fund in a
    currency or one kept day (``label``: the campaign's slug, e.g. ``fund SEK``, or
    ``2026-03-01 slug SEK once``). ``cached`` and ``ledger`` are rows of one dataclass."""

    label: str
    cached: Any
    ledger: Any

    def changes(self) -> list[tuple[str, int, int]]:
        """(field, cached, ledger) for each field that differs."""
        return [
            (field.name, getattr(self.cached, field.name), getattr(self.ledger, field.name))
            for field in fields(self.cached)
            if getattr(self.cached, field.name) != getattr(self.ledger, field.name)
        ]


def ledger_totals_by_campaign() -> dict[int, TotalsRow]:
    """Totals straight from the gifts, one grouped query."""
    rows = (
        Gift.objects.filter(campaign__isnull=False)
        .values("campaign_id")
        .annotate(
            raised=Sum(F("amount_minor") - F("refunded_minor") - F("disputed_minor")),
            gifts=Count("pk", filter=COUNTED),
            donors=Count("donor_id", distinct=True, filter=COUNTED),
        )
        .order_by()
    )
    return {
        row["campaign_id"]: TotalsRow(row["raised"] or 0, row["gifts"], row["donors"])
        for row in rows
    }


def ledger_totals_by_currency() -> dict[str, TotalsRow]:
    """The fund's totals straight from the gifts, one grouped query."""
    rows = (
        Gift.objects.values("currency")
        .annotate(
            raised=Sum(F("amount_minor") - F("refunded_minor") - F("disputed_minor")),
            gifts=Count("pk", filter=COUNTED),
        )
        .order_by()
    )
    return {row["currency"]: TotalsRow(row["raised"] or 0, row["gifts"]) for row in rows}


def recompute_totals(*, fix: bool = True) -> list[TotalsDifference]:
    """Compare every cached total (campaigns, then the fund per currency) with the
    ledger; fix them unless told not to."""
    campaigns = Campaign.objects.only("pk", "slug").order_by("slug")
    campaign_differences = _reconcile(
        labels={campaign.pk: campaign.slug for campaign in campaigns},
        ledger=ledger_totals_by_campaign(),
        cached={
            row.campaign_id: TotalsRow(row.raised_minor, row.gift_count, row.donor_count)
            for row in CampaignTotal.objects.all()
        },
        save=lambda pk, truth: CampaignTotal.objects.update_or_create(
            campaign_id=pk, defaults=asdict(truth)
        ),
        fix=fix,
    )
    fund_ledger = ledger_totals_by_currency()
    fund_cached = {
        row.currency: TotalsRow(row.raised_minor, row.gift_count) for row in FundTotal.objects.all()
    }
    fund_differences = _reconcile(
        labels={code: f"fund {code}" for code in sorted(fund_ledger.keys() | fund_cached.keys())},
        ledger=fund_ledger,
        cached=fund_cached,
        save=lambda code, truth: FundTotal.objects.update_or_create(
            currency=code,
            defaults={"raised_minor": truth.raised_minor, "gift_count": truth.gift_count},
        ),
        fix=fix,
    )
    return campaign_differences + fund_differences + _recompute_days(fix=fix)


def _recompute_days(*, fix: bool) -> list[TotalsDifference]:
    """The dashboards' per-day and per-month aggregates against the gifts."""
    differences = []
    for kept in daily_totals.KEPT:
        ledger, cached = kept.ledger(), kept.kept()
        differences += _reconcile(
            labels=daily_totals.day_labels(ledger.keys() | cached.keys()),
            ledger=ledger,
            cached=cached,
            save=kept.save,
            fix=fix,
            empty=kept.empty,
        )
    return differences


def _reconcile(
    *,
    labels: dict[Any, str],
    ledger: dict[Any, Any],
    cached: dict[Any, Any],
    save: Callable[[Any, Any], object],
    fix: bool,
    empty: Any = TotalsRow(0, 0),
) -> list[TotalsDifference]:
    """The differences between a cache and the ledger, key by key in ``labels`` order."""
    differences = []
    for key, label in labels.items():
        truth, have = ledger.get(key, empty), cached.get(key, empty)
        if truth == have:
            continue
        differences.append(TotalsDifference(label, have, truth))
        if fix:
            save(key, truth)
    return differences
