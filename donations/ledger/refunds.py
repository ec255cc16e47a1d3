"""Money returned to donors: refund rows and the gift's refunded amount."""

from __future__ import annotations

from .. import totals
from ..models import Gift, Refund
from ..stripe_records import Charge
from ..stripe_records import Refund as RefundRecord
from . import NotYetRecorded
from .gift_standing import settle_gift

REFUND_STATUSES_KEPT = ("succeeded", "pending")


def apply_charge_refunds(charge: Charge) -> None:
    """``charge.refunded`` (full or partial): the gift's refunded amount follows the
    charge's ``amount_refunded``, which only grows, so repeats change nothing."""
    gift = gift_for_charge(charge.id, charge.payment_intent_id)
    for refund in charge.refunds:
        record_refund_row(gift, refund)
    apply_refunded_amount(gift, charge.amount_refunded_minor)


def apply_refund(refund: RefundRecord) -> None:
    """``refund.created`` / ``refund.updated``: keep one row per succeeded refund."""
    if refund.status not in REFUND_STATUSES_KEPT:
        return
    record_refund_row(gift_for_charge(refund.charge_id, refund.payment_intent_id), refund)


def gift_for_charge(charge_id: str | None, payment_intent_id: str | None) -> Gift:
    gift = None
    if charge_id:
        gift = Gift.objects.filter(stripe_charge_id=charge_id).first()
    if gift is None and payment_intent_id:
        gift = Gift.objects.filter(stripe_payment_intent_id=payment_intent_id).first()
    if gift is None:
        raise NotYetRecorded(f"no gift recorded for charge {charge_id} / {payment_intent_id}")
    return gift


def record_refund_row(gift: Gift, refund: RefundRecord) -> None:
    Refund.objects.get_or_create(
        stripe_refund_id=refund.id,
        defaults={
            "gift": gift,
            "amount_minor": refund.amount_minor,
            "currency": refund.currency or gift.currency,
            "reason": refund.reason,
        },
    )


def apply_refunded_amount(gift: Gift, refunded_minor: int) -> None:
    """Raise the gift's refunded amount to what Stripe reports, and net it out of the
    fund's and the campaign's totals. Never lowers it (an older event after a newer one).
    The status follows from refunds and disputes together (``settle_gift``)."""
    gift = Gift.objects.select_for_update().get(pk=gift.pk)
    refunded_minor = min(refunded_minor, gift.amount_minor)
    increase = refunded_minor - gift.refunded_minor
    if increase <= 0:
        return
    gift.refunded_minor = refunded_minor
    totals.subtract_refund(gift, increase)
    gift.save(update_fields=["refunded_minor", *settle_gift(gift)])
