"""Read queries over the gift ledger: totals, donor walls, lists."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from campaigns.models import Campaign

from .models import CampaignTotal, CheckoutIntent, Frequency, FundTotal, Gift, GiftStatus


@dataclass(frozen=True)
class CampaignTotals:
    """Raised money (net of refunds), gifts and distinct donors of one campaign."""

    raised_minor: int
    gift_count: int
    donor_count: int
    goal_minor: int
    currency: str

    @property
    def percent_of_goal(self) -> int:
        """Progress for the thermometer, 0–100."""
        if self.goal_minor <= 0:
            return 0
        return min(100, max(0, self.raised_minor * 100 // self.goal_minor))


def totals_for_campaigns(campaigns: Iterable[Campaign]) -> dict[int, CampaignTotals]:
    """Totals for several campaigns in one query, from the cached ledger totals."""
    campaigns = list(campaigns)
    cached = {
        row.campaign_id: row
        for row in CampaignTotal.objects.filter(campaign__in=[c.pk for c in campaigns])
    }
    totals = {}
    for campaign in campaigns:
        row = cached.get(campaign.pk)
        totals[campaign.pk] = CampaignTotals(
            raised_minor=row.raised_minor if row else 0,
            gift_count=row.gift_count if row else 0,
            donor_count=row.donor_count if row else 0,
            goal_minor=campaign.goal_minor,
            currency=campaign.currency,
        )
    return totals


def campaign_totals(campaign: Campaign) -> CampaignTotals:
    return totals_for_campaigns([campaign])[campaign.pk]


def fund_totals() -> list[FundTotal]:
    """What the whole fund has raised, net of refunds, per currency (SEK first), from
    the cached totals: one small query however many gifts there are."""
    totals = FundTotal.objects.filter(raised_minor__gt=0).order_by("currency")
    return sorted(totals, key=lambda total: total.currency != "SEK")


@dataclass(frozen=True)
class CheckoutOutcome:
    """What the thank-you page can honestly say about a checkout."""

    confirmed: bool
    failed: bool
    expired: bool
    monthly: bool
    amount_minor: int
    currency: str

    @property
    def pending(self) -> bool:
        return not (self.confirmed or self.failed or self.expired)


def checkout_outcome(intent: CheckoutIntent) -> CheckoutOutcome:
    """Confirmed only once the ledger holds a gift for the checkout (a webhook arrived)."""
    return CheckoutOutcome(
        confirmed=intent.gifts.exists(),
        failed=intent.status == CheckoutIntent.Status.FAILED,
        expired=intent.status == CheckoutIntent.Status.EXPIRED,
        monthly=intent.frequency == Frequency.MONTHLY,
        amount_minor=intent.amount_minor,
        currency=intent.currency,
    )


@dataclass(frozen=True)
class WallEntry:
    name: str
    message: str
    given_at: datetime


def donor_wall(campaign: Campaign | None, limit: int = 12) -> list[WallEntry]:
    """The latest gifts, newest first: each one-off gift and each monthly gift once (its
    first installment). Donors who did not opt in have no name here; the page says
    "Anonymous". Amounts are not shown."""
    gifts = (
        Gift.objects.filter(campaign=campaign)
        .exclude(status=GiftStatus.REFUNDED)
        .filter(Q(kind=Gift.Kind.ONCE) | Q(opens_plan=True))
        .select_related("donor")
        .order_by("-paid_at")[:limit]
    )
    return [
        WallEntry(
            name=gift.donor.name if gift.show_on_wall else "",
            message=gift.public_message if gift.show_on_wall else "",
            given_at=gift.paid_at,
        )
        for gift in gifts
    ]
