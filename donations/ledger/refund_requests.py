"""Stripe's answer to a refund staff asked for: the refund event links the ledger's
``Refund`` row to the ``RefundRequest`` (found by the request id the refund carries
in its metadata, or by the refund's id) and settles the request as the row stands.

Stripe is the truth: a request marked failed because Stripe could not be reached is
marked refunded if Stripe's event shows the refund was made after all, and a request
marked refunded is marked failed if the refund fails later."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Refund, RefundRequest, RefundRequestState, RefundStatus
from ..stripe_records import Refund as RefundRecord

REFUND_FAILED_STATUSES = ("failed", "canceled")


def request_for(record: RefundRecord) -> RefundRequest | None:
    """The request a refund answers, locked, or None for a refund made elsewhere."""
    requests = RefundRequest.objects.select_for_update()
    request = requests.filter(stripe_refund_id=record.id).first()
    if request is None and record.request_reference is not None:
        request = requests.filter(pk=int(record.request_reference)).first()
    if request is None or request.stripe_refund_id not in (None, record.id):
        return None
    return request


def link_refund(row: Refund, record: RefundRecord) -> None:
    """Tie the ledger's refund row to its request; the request's state follows the row:
    a succeeded refund settles it, a failed one (even after it succeeded) fails it."""
    with transaction.atomic():
        request = request_for(record)
        if request is None or request.gift_id != row.gift_id:
            return
        request.stripe_refund_id = record.id
        request.refund = row
        changed = ["stripe_refund_id", "refund", *_follow_the_row(request, row)]
        request.save(update_fields=changed)
        _credit_the_requester(row, request)


def _follow_the_row(request: RefundRequest, row: Refund) -> list[str]:
    if row.status == RefundStatus.SUCCEEDED:
        state, why = RefundRequestState.SUCCEEDED, ""
    elif row.status == RefundStatus.FAILED:
        state, why = RefundRequestState.FAILED, row.failure_reason or "failed"
    else:
        return []
    if request.state == state:
        return []
    request.state = state
    request.failure_reason = why
    request.settled_at = timezone.now()
    return ["state", "failure_reason", "settled_at"]


def _credit_the_requester(row: Refund, request: RefundRequest) -> None:
    """The ledger's row says who asked for it and why (Stripe only knows the reason)."""
    if row.created_by_id is None:
        row.created_by_id = request.requested_by_id
        row.reason = request.reason[:255]
        row.save(update_fields=["created_by", "reason"])
