"""Read queries over the gift ledger: checkout outcomes and donor walls. (Campaign and
fund totals are kept aggregates, read through ``campaigns.selectors``.)"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from campaigns.models import Campaign

from .models import CheckoutIntent, Frequency, Gift, GiftStatus, RecurringPlan

# How long a thank-you page says "confirming" before it admits no confirmation came (a
# donor who left Stripe's page by the back button, or a webhook long delayed).
CONFIRMATION_PATIENCE = timedelta(minutes=10)


@dataclass(frozen=True)
class CheckoutOutcome:
    """What the thank-you page can honestly say about a checkout."""

    confirmed: bool
    failed: bool
    expired: bool
    monthly: bool
    amount_minor: int
    currency: str
    fee_cover_minor: int = 0
    overdue: bool = False
    next_charge_at: datetime | None = None

    @property
    def pending(self) -> bool:
        """Still waiting for Stripe's word, and not yet for unreasonably long."""
        return not (self.confirmed or self.failed or self.expired or self.overdue)


def checkout_outcome(intent: CheckoutIntent, now: datetime | None = None) -> CheckoutOutcome:
    """Confirmed only once the ledger holds a gift for the checkout (a webhook arrived);
    overdue when neither a gift nor a failure has come in ``CONFIRMATION_PATIENCE``."""
    confirmed = intent.gifts.exists()
    failed = intent.status == CheckoutIntent.Status.FAILED
    expired = intent.status == CheckoutIntent.Status.EXPIRED
    waited = (now or timezone.now()) - intent.created_at
    return CheckoutOutcome(
        confirmed=confirmed,
        failed=failed,
        expired=expired,
        monthly=intent.frequency == Frequency.MONTHLY,
        amount_minor=intent.amount_minor,
        currency=intent.currency,
        fee_cover_minor=intent.fee_cover_minor,
        overdue=not (confirmed or failed or expired) and waited > CONFIRMATION_PATIENCE,
        next_charge_at=_next_charge_at(intent) if confirmed else None,
    )


def _next_charge_at(intent: CheckoutIntent) -> datetime | None:
    """When a monthly gift is charged next, once Stripe has told us."""
    if intent.frequency != Frequency.MONTHLY:
        return None
    return (
        RecurringPlan.objects.filter(checkout_intent=intent)
        .values_list("next_charge_at", flat=True)
        .first()
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
