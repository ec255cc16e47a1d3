"""Disputes (chargebacks): one row per Stripe dispute, merged from whichever snapshots
arrive, in any order and any number of times.

Every ``charge.dispute.*`` event carries the whole dispute. A snapshot can only move
the row forward: its status along Stripe's lifecycle (a closed dispute never reopens),
and the funds withdrawn or reinstated, which only accumulate. The gift's standing and
the kept totals follow from the rows (``gift_standing.settle_gift``)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..models import Dispute, DisputeStatus, Gift
from ..stripe_records import Dispute as DisputeRecord
from . import follow_ups
from .gift_standing import settle_gift
from .refunds import gift_for_charge

# How far along its lifecycle a status is; a snapshot never moves a dispute back.
STATUS_RANK = {
    DisputeStatus.WARNING_NEEDS_RESPONSE: 0,
    DisputeStatus.WARNING_UNDER_REVIEW: 1,
    DisputeStatus.NEEDS_RESPONSE: 2,
    DisputeStatus.UNDER_REVIEW: 3,
    DisputeStatus.WARNING_CLOSED: 4,
    DisputeStatus.WON: 5,
    DisputeStatus.LOST: 5,
    DisputeStatus.PREVENTED: 5,
}
FINAL_RANK = 5


def apply_dispute(record: DisputeRecord, at: datetime) -> Dispute:
    """Record or move forward the dispute, then settle its gift. The gift is locked
    first, so concurrent snapshots of one dispute are applied one after the other."""
    found = gift_for_charge(record.charge_id, record.payment_intent_id)
    with transaction.atomic():
        gift = Gift.objects.select_for_update().get(pk=found.pk)
        dispute = Dispute.objects.filter(stripe_dispute_id=record.id).first()
        if dispute is None:
            dispute = _new_dispute(gift, record)
        _merge_snapshot(dispute, record, at)
        dispute.save()
        changed = settle_gift(gift)
        if changed:
            gift.save(update_fields=changed)
        if dispute.is_open and dispute.finance_notified_at is None:
            follow_ups.queue_dispute_notice(dispute.pk)
    return dispute


def _new_dispute(gift: Gift, record: DisputeRecord) -> Dispute:
    return Dispute(
        stripe_dispute_id=record.id,
        gift=gift,
        stripe_charge_id=record.charge_id,
        status=record.status,
        amount_minor=record.amount_minor,
        currency=record.currency,
        livemode=record.livemode,
        opened_at=record.created or timezone.now(),
    )


def _merge_snapshot(dispute: Dispute, record: DisputeRecord, at: datetime) -> None:
    """Take from the snapshot only what moves the dispute forward."""
    dispute.reason = record.reason or dispute.reason
    dispute.evidence_due_by = record.evidence_due_by or dispute.evidence_due_by
    if _rank(record.status) >= _rank(dispute.status) and _rank(dispute.status) < FINAL_RANK:
        dispute.status = record.status
    if _rank(dispute.status) == FINAL_RANK and dispute.closed_at is None:
        dispute.closed_at = at
    known = _transactions_known(dispute)
    if record.funds_withdrawn:
        dispute.funds_withdrawn_minor = record.amount_minor
    if record.funds_reinstated:
        dispute.funds_reinstated_minor = record.amount_minor
    # The fee is read from the snapshot that knows the most balance transactions.
    if record.funds_withdrawn + record.funds_reinstated >= known:
        dispute.fee_minor = record.fee_minor
        dispute.fee_currency = record.fee_currency or dispute.fee_currency


def _transactions_known(dispute: Dispute) -> int:
    return (dispute.funds_withdrawn_minor > 0) + (dispute.funds_reinstated_minor > 0)


def _rank(status: str) -> int:
    """Unknown statuses (a newer API) rank lowest: they never move a dispute back."""
    return STATUS_RANK.get(status, -1)
