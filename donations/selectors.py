"""Read queries over the gift ledger: checkout outcomes and donor walls. (Campaign and
fund totals are kept aggregates, read through ``campaigns.selectors``.)"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from campaigns.models import Campaign

from .models import CheckoutIntent, Frequency, Gift, GiftStatus


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
    "Anonymous". Amounts are not shown; names are those given with each gift."""
    gifts = (
        Gift.objects.filter(campaign=campaign)
        .exclude(status=GiftStatus.REFUNDED)
        .filter(Q(kind=Gift.Kind.ONCE) | Q(opens_plan=True))
        .only("donor_name", "public_message", "show_on_wall", "paid_at")
        .order_by("-paid_at")[:limit]
    )
    return [
        WallEntry(
            name=gift.donor_name if gift.show_on_wall else "",
            message=gift.public_message if gift.show_on_wall else "",
            given_at=gift.paid_at,
        )
        for gift in gifts
    ]
