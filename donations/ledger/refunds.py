"""Money returned to donors: refund rows and the gift's refunded amount.

A refund can succeed and fail later (the card is closed, say): Stripe then returns its
money to our balance. So the refunded amount is derived, never only raised: it is what
the kept (pending or succeeded) refund rows add up to, or what the charge's newest
``charge.refunded`` says if that is more and was sent after every failure we know of
(an older charge still counts the failed refund). Failed is final for a row, so any
number, order or repetition of events ends at the same amount."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Sum

from .. import totals
from ..models import Gift, Refund, RefundStatus
from ..stripe_records import Charge
from ..stripe_records import Refund as RefundRecord
from . import NotYetRecorded
from .gift_standing import settle_gift
from .refund_requests import REFUND_FAILED_STATUSES, link_refund

REFUND_STATUSES_KEPT = ("succeeded", "pending")


def apply_charge_refunds(charge: Charge, at: datetime) -> None:
    """``charge.refunded`` (full or partial): record the refunds it lists and keep its
    ``amount_refunded`` if it is the charge's newest word."""
    found = gift_for_charge(charge.id, charge.payment_intent_id)
    with transaction.atomic():
        gift = Gift.objects.select_for_update().get(pk=found.pk)
        for refund in charge.refunds:
            record_refund_row(gift, refund, at)
        _note_charge_refunded(gift, charge.amount_refunded_minor, at)
        settle_refunded_amount(gift)


def apply_refund(refund: RefundRecord, at: datetime) -> None:
    """``refund.created`` / ``.updated`` / ``.failed``: keep one row per refund, with its
    status; a failed one also fails the staff request it answers."""
    if refund.status not in (*REFUND_STATUSES_KEPT, *REFUND_FAILED_STATUSES):
        return
    found = gift_for_charge(refund.charge_id, refund.payment_intent_id)
    with transaction.atomic():
        gift = Gift.objects.select_for_update().get(pk=found.pk)
        record_refund_row(gift, refund, at)
        settle_refunded_amount(gift)


def gift_for_charge(charge_id: str | None, payment_intent_id: str | None) -> Gift:
    gift = None
    if charge_id:
        gift = Gift.objects.filter(stripe_charge_id=charge_id).first()
    if gift is None and payment_intent_id:
        gift = Gift.objects.filter(stripe_payment_intent_id=payment_intent_id).first()
    if gift is None:
        raise NotYetRecorded(f"no gift recorded for charge {charge_id} / {payment_intent_id}")
    return gift


def record_refund_row(gift: Gift, record: RefundRecord, at: datetime) -> None:
    """One row per Stripe refund (the gift is locked), linked to the staff request it
    answers (if any). A row only moves forward: pending to succeeded, either to failed."""
    failed = record.status in REFUND_FAILED_STATUSES
    row, created = Refund.objects.get_or_create(
        stripe_refund_id=record.id,
        defaults={
            "gift": gift,
            "amount_minor": record.amount_minor,
            "currency": record.currency or gift.currency,
            "reason": record.reason,
            "status": _status_of(record),
            "failed_at": at if failed else None,
            "failure_reason": record.failure_reason if failed else "",
        },
    )
    if not created:
        _move_forward(row, record, at)
    link_refund(row, record)


def _status_of(record: RefundRecord) -> str:
    if record.status in REFUND_FAILED_STATUSES:
        return RefundStatus.FAILED
    return RefundStatus.SUCCEEDED if record.status == "succeeded" else RefundStatus.PENDING


def _move_forward(row: Refund, record: RefundRecord, at: datetime) -> None:
    """A late snapshot never revives a failed refund; the earliest word of its failure
    dates it (a charge sent after that no longer counts it)."""
    status = _status_of(record)
    changed = []
    if status == RefundStatus.FAILED and (row.failed_at is None or at < row.failed_at):
        row.failed_at = at
        row.failure_reason = row.failure_reason or record.failure_reason
        changed += ["failed_at", "failure_reason"]
    if row.status != status and (
        status == RefundStatus.FAILED or row.status == RefundStatus.PENDING
    ):
        row.status = status
        changed.append("status")
    if changed:
        row.save(update_fields=changed)


def _note_charge_refunded(gift: Gift, amount_minor: int, at: datetime) -> None:
    """Keep the newest snapshot of the charge's amount refunded. Between refund failures
    that amount only grows, so a smaller one counts only when a refund has failed since
    the kept snapshot (an event built later than another may still say less)."""
    if gift.charge_refunded_at is not None and at < gift.charge_refunded_at:
        return
    if amount_minor < gift.charge_refunded_minor and not _refund_failed_since(
        gift, gift.charge_refunded_at
    ):
        return
    gift.charge_refunded_minor = amount_minor
    gift.charge_refunded_at = at
    gift.save(update_fields=["charge_refunded_minor", "charge_refunded_at"])


def _refund_failed_since(gift: Gift, since: datetime | None) -> bool:
    failed = Refund.objects.filter(gift=gift, status=RefundStatus.FAILED)
    return (failed if since is None else failed.filter(failed_at__gte=since)).exists()


def refunded_amount(gift: Gift) -> int:
    """What the gift has returned to its donor, from its refund rows and its charge."""
    refunds = Refund.objects.filter(gift=gift)
    kept = (
        refunds.exclude(status=RefundStatus.FAILED).aggregate(total=Sum("amount_minor"))["total"]
        or 0
    )
    last_failure = (
        refunds.filter(status=RefundStatus.FAILED).order_by("-failed_at").first()
        if gift.charge_refunded_minor > kept
        else None
    )
    charge_says = gift.charge_refunded_minor
    if last_failure is not None and (
        gift.charge_refunded_at is None or gift.charge_refunded_at <= last_failure.failed_at
    ):
        charge_says = 0
    return min(max(kept, charge_says), gift.amount_minor)


def settle_refunded_amount(gift: Gift) -> None:
    """Bring a locked gift's refunded amount, its status and the kept totals in line
    with its refunds: a refund that failed counts for the gift again."""
    refunded = refunded_amount(gift)
    change = gift.refunded_minor - refunded
    changed = []
    if change:
        gift.refunded_minor = refunded
        totals.change_raised(gift, change)
        changed.append("refunded_minor")
    changed += settle_gift(gift)
    if changed:
        gift.save(update_fields=changed)
