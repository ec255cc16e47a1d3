"""A gift's standing after refunds and disputes: its status and the amount disputes
withhold, derived from the rows (never from the order events arrived in)."""

from __future__ import annotations

from .. import totals
from ..models import ALLOWED_GIFT_TRANSITIONS, Dispute, DisputeStatus, Gift, GiftStatus
from ..models.finance import OPEN_DISPUTE_STATUSES


def settle_gift(gift: Gift) -> list[str]:
    """Bring a locked gift's ``disputed_minor`` and status in line with its refunds and
    disputes, move the kept totals by any change in what disputes withhold, and return
    the fields changed (for ``save(update_fields=...)``)."""
    disputes = list(
        Dispute.objects.filter(gift=gift).only(
            "status", "funds_withdrawn_minor", "funds_reinstated_minor"
        )
    )
    withheld = sum(dispute.withheld_minor for dispute in disputes)
    disputed = min(withheld, gift.amount_minor - gift.refunded_minor)
    changed = []
    if disputed != gift.disputed_minor:
        change = gift.disputed_minor - disputed
        gift.disputed_minor = disputed
        totals.change_raised(gift, change)
        changed.append("disputed_minor")
    status = _status_for(gift, {dispute.status for dispute in disputes})
    if status != gift.status and status in ALLOWED_GIFT_TRANSITIONS[gift.status]:
        gift.move_to(status)
        changed.append("status")
    return changed


def _status_for(gift: Gift, dispute_statuses: set[str]) -> str:
    if DisputeStatus.LOST in dispute_statuses:
        return GiftStatus.DISPUTE_LOST
    if dispute_statuses & OPEN_DISPUTE_STATUSES:
        return GiftStatus.DISPUTED
    if gift.refunded_minor >= gift.amount_minor:
        return GiftStatus.REFUNDED
    if gift.refunded_minor:
        return GiftStatus.PARTIALLY_REFUNDED
    return GiftStatus.PAID
