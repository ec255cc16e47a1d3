"""Gifts: each successful payment recorded once, with its gapless receipt number."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import stripe_gateway, totals
from ..consents.records import record_checkout_consents
from ..models import CheckoutIntent, Gift, ReceiptCounter, RecurringPlan
from ..stripe_records import Invoice
from . import follow_ups


def record_one_off_gift(intent: CheckoutIntent, *, payment_intent_id: str, at: datetime) -> Gift:
    gift, created = _record_gift(
        {"stripe_payment_intent_id": payment_intent_id},
        campaign=intent.campaign,
        donor=intent.donor,
        donor_name=intent.donor_name or intent.donor.name,
        checkout_intent=intent,
        kind=Gift.Kind.ONCE,
        amount_minor=intent.amount_minor,
        currency=intent.currency,
        show_on_wall=intent.show_on_wall,
        public_message=intent.public_message,
        paid_at=at,
    )
    if created:
        record_checkout_consents(intent)
        follow_ups.queue_tribute_card(intent)
    return gift


def record_installment(plan: RecurringPlan, invoice: Invoice, *, at: datetime) -> Gift:
    intent = plan.checkout_intent
    gift, created = _record_gift(
        {"stripe_invoice_id": invoice.id},
        campaign=plan.campaign,
        donor=plan.donor,
        donor_name=(intent.donor_name if intent else "") or plan.donor.name,
        checkout_intent=intent,
        plan=plan,
        kind=Gift.Kind.MONTHLY,
        opens_plan=invoice.opens_subscription,
        amount_minor=invoice.amount_paid_minor,
        currency=invoice.currency or plan.currency,
        show_on_wall=intent.show_on_wall if intent else False,
        public_message=intent.public_message if intent else "",
        paid_at=at,
    )
    if created and gift.opens_plan and intent:
        record_checkout_consents(intent)
        follow_ups.queue_tribute_card(intent)
    return gift


def _record_gift(source: dict[str, str], **fields: Any) -> tuple[Gift, bool]:
    """Create the gift for a Stripe payment exactly once, with its receipt number.

    The unique Stripe id decides: a second delivery, a retry or a concurrent
    worker hits the constraint, its savepoint (and any receipt number it took)
    rolls back, and it gets the existing gift."""
    try:
        with transaction.atomic():
            gift = Gift.objects.create(**source, **fields)
            _assign_receipt_number(gift)
            totals.add_gift(gift)
    except IntegrityError:
        return Gift.objects.get(**source), False
    follow_ups.queue_gift_follow_ups(gift.pk)
    return gift, True


def _assign_receipt_number(gift: Gift) -> None:
    """Take the next number of the gift's year, gapless: the counter row is locked until
    the gift commits, and released unchanged if it rolls back."""
    year = timezone.localtime(gift.paid_at).year
    ReceiptCounter.objects.get_or_create(year=year)
    counter = ReceiptCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    gift.receipt_year, gift.receipt_number = year, counter.last_number
    gift.save(update_fields=["receipt_year", "receipt_number"])


def attach_payment_details(gift: Gift) -> bool:
    """Fill in the charge and Stripe's fee once the payment has settled at Stripe; returns
    whether the gift's charge became known by it (a refund may have waited for that: an
    installment is found by its charge or payment intent only from now on)."""
    if gift.fee_minor is not None and gift.stripe_charge_id:
        return False
    payment_intent_id = gift.stripe_payment_intent_id
    if not payment_intent_id and gift.stripe_invoice_id:
        payment_intent_id = stripe_gateway.payment_intent_for_invoice(gift.stripe_invoice_id)
    if not payment_intent_id:
        return False
    details = stripe_gateway.payment_details_for_payment_intent(payment_intent_id)
    Gift.objects.filter(pk=gift.pk).update(
        stripe_payment_intent_id=details.payment_intent_id,
        stripe_charge_id=details.charge_id,
        stripe_balance_transaction_id=details.balance_transaction_id,
        fee_minor=details.fee_minor,
    )
    return not gift.stripe_charge_id
