"""Payouts from the Stripe balance to the bank account: one row per Stripe payout whose
status only moves forward (a late ``payout.created`` after ``payout.paid`` changes
nothing). A paid payout queues the fetch of its balance transactions."""

from __future__ import annotations

from django.db import transaction

from ..models import Payout, PayoutStatus
from ..stripe_records import Payout as PayoutRecord
from . import follow_ups

STATUS_RANK = {
    PayoutStatus.PENDING: 0,
    PayoutStatus.IN_TRANSIT: 1,
    PayoutStatus.PAID: 2,
    PayoutStatus.FAILED: 3,
    PayoutStatus.CANCELED: 3,
}
FINAL_RANK = 3


def apply_payout(record: PayoutRecord) -> Payout:
    with transaction.atomic():
        payout = _locked_payout(record)
        became_paid = _move_forward(payout, record)
        payout.save()
        if became_paid:
            follow_ups.queue_payout_lines(payout.pk)
    return payout


def _locked_payout(record: PayoutRecord) -> Payout:
    """The payout's row, locked; created on the first snapshot (``get_or_create`` takes
    the row a concurrent first delivery made when it hits the unique id)."""
    Payout.objects.get_or_create(
        stripe_payout_id=record.id,
        defaults={
            "amount_minor": record.amount_minor,
            "currency": record.currency,
            "status": PayoutStatus.PENDING,
            "livemode": record.livemode,
            "stripe_created_at": record.created,
        },
    )
    return Payout.objects.select_for_update().get(stripe_payout_id=record.id)


def _move_forward(payout: Payout, record: PayoutRecord) -> bool:
    """Apply the snapshot if it is not behind the row; returns whether it made the
    payout paid just now. Paid can still turn failed (a bank returns the money)."""
    new_rank, rank = STATUS_RANK.get(record.status, -1), STATUS_RANK[payout.status]
    if new_rank < rank or (rank == FINAL_RANK and record.status != payout.status):
        return False
    was_paid = payout.status == PayoutStatus.PAID
    payout.status = record.status
    payout.amount_minor = record.amount_minor
    payout.arrival_date = record.arrival_date or payout.arrival_date
    payout.stripe_balance_transaction_id = (
        record.balance_transaction_id or payout.stripe_balance_transaction_id
    )
    payout.failure_code = record.failure_code or payout.failure_code
    payout.failure_message = record.failure_message or payout.failure_message
    return payout.status == PayoutStatus.PAID and not was_paid
