"""Refunds finance staff make from the product.

``request_refund`` checks the gift under a row lock, records a ``RefundRequest`` and
the audit entry, then asks Stripe (idempotency key from the request). Nothing in the
ledger changes here: the refund counts only when Stripe's event arrives
(``ledger.refund_requests``). A refund staff may not make raises ``RefundRefused``
with a message for them."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from fundraising.money import format_money

from .. import stripe_gateway
from ..audit import record_staff_action
from ..ledger.refund_requests import REFUND_FAILED_STATUSES
from ..models import (
    DisputeStatus,
    Gift,
    RecurringPlan,
    RefundRequest,
    RefundRequestState,
    RefundStatus,
)
from ..stripe_records import REFUND_REQUEST_METADATA

# Disputes during which the card network, not us, decides where the money goes.
BLOCKING_DISPUTE_STATUSES = (
    DisputeStatus.NEEDS_RESPONSE,
    DisputeStatus.UNDER_REVIEW,
    DisputeStatus.LOST,
)
REASON_MAX_LENGTH = 500


class RefundRefused(Exception):
    """A refund that may not be made; ``message`` says why, for the person asking."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def refundable_minor(gift: Gift) -> int:
    """What may still be refunded: the amount less what Stripe has refunded (a refund
    that failed gave its money back) and what staff have asked for and Stripe has not
    answered yet."""
    refunded = max(gift.refunded_minor, _sum(gift.refunds.exclude(status=RefundStatus.FAILED)))
    pending = _sum(gift.refund_requests.filter(state=RefundRequestState.REQUESTED, refund=None))
    return max(gift.amount_minor - refunded - pending, 0)


def _sum(rows) -> int:
    return rows.aggregate(total=Sum("amount_minor"))["total"] or 0


def is_disputed(gift: Gift) -> bool:
    return gift.disputes.filter(status__in=BLOCKING_DISPUTE_STATUSES).exists()


def request_refund(
    gift_id: int, *, amount_minor: int, reason: str, by: User, cancel_plan: bool = False
) -> RefundRequest:
    """Ask Stripe to refund part or all of a gift, for the reason staff gave."""
    reason = " ".join(reason.split())[:REASON_MAX_LENGTH]
    if not reason:
        raise RefundRefused(_("Give the reason for the refund."))
    with transaction.atomic():
        gift = Gift.objects.select_for_update(of=("self",)).select_related("plan").get(pk=gift_id)
        _check_refundable(gift, amount_minor)
        request = RefundRequest.objects.create(
            gift=gift,
            amount_minor=amount_minor,
            currency=gift.currency,
            reason=reason,
            cancel_plan=cancel_plan and gift.plan is not None,
            requested_by=by,
        )
        record_staff_action(
            by,
            request,
            f"Refund of {format_money(amount_minor, gift.currency, 'en')} requested "
            f"for gift {gift.pk}: {reason}",
        )
    _send_to_stripe(request, gift)
    if request.cancel_plan and gift.plan is not None and request.state != RefundRequestState.FAILED:
        _cancel_plan(gift.plan, by, request)
    return request


def _check_refundable(gift: Gift, amount_minor: int) -> None:
    if amount_minor <= 0:
        raise RefundRefused(_("The amount to refund must be more than zero."))
    if is_disputed(gift):
        raise RefundRefused(
            _("This gift is disputed: its money is with the card network until the dispute closes.")
        )
    pending = gift.refund_requests.filter(
        state=RefundRequestState.REQUESTED, refund=None, amount_minor=amount_minor
    ).first()
    if pending is not None:
        raise RefundRefused(
            _("A refund of %(amount)s was already requested at %(time)s and is waiting for Stripe.")
            % {
                "amount": format_money(amount_minor, gift.currency),
                "time": timezone.localtime(pending.requested_at).strftime("%H:%M:%S"),
            }
        )
    remaining = refundable_minor(gift)
    if amount_minor > remaining:
        raise RefundRefused(
            _("At most %(remaining)s of this gift can be refunded.")
            % {"remaining": format_money(remaining, gift.currency)}
        )


def _send_to_stripe(request: RefundRequest, gift: Gift) -> None:
    """Send the refund; on any Stripe error the request is marked failed with why."""
    try:
        payment_intent_id = _payment_intent_of(gift)
        refund = stripe_gateway.create_refund(
            charge_id=gift.stripe_charge_id,
            payment_intent_id=payment_intent_id,
            amount_minor=request.amount_minor,
            metadata={REFUND_REQUEST_METADATA: str(request.pk), "reason": request.reason},
            idempotency_key=request.idempotency_key,
        )
    except stripe_gateway.APIConnectionError as error:
        _mark_failed(request, f"Stripe could not be reached: {error.user_message or error}")
        raise RefundRefused(
            _("Stripe could not be reached, so nothing was refunded. Try again later.")
        ) from error
    except stripe_gateway.StripeError as error:
        _mark_failed(request, str(error.user_message or error))
        raise RefundRefused(
            _("Stripe refused the refund: %(error)s") % {"error": error.user_message or error}
        ) from error
    RefundRequest.objects.filter(pk=request.pk, stripe_refund_id=None).update(
        stripe_refund_id=refund.id
    )
    if refund.status in REFUND_FAILED_STATUSES:
        _mark_failed(request, refund.failure_reason or refund.status)
    request.refresh_from_db()


def _payment_intent_of(gift: Gift) -> str | None:
    if gift.stripe_payment_intent_id or gift.stripe_charge_id or not gift.stripe_invoice_id:
        return gift.stripe_payment_intent_id
    return stripe_gateway.payment_intent_for_invoice(gift.stripe_invoice_id)


def _mark_failed(request: RefundRequest, why: str) -> None:
    """Only a request still waiting fails: Stripe's event may already have settled it."""
    RefundRequest.objects.filter(pk=request.pk, state=RefundRequestState.REQUESTED).update(
        state=RefundRequestState.FAILED, failure_reason=why[:500], settled_at=timezone.now()
    )
    request.refresh_from_db()


def _cancel_plan(plan: RecurringPlan, by: User, request: RefundRequest) -> None:
    """Stop the monthly gift at Stripe; the plan follows ``customer.subscription.deleted``."""
    if plan.status == RecurringPlan.Status.CANCELLED:
        return
    try:
        stripe_gateway.cancel_subscription(
            plan.stripe_subscription_id,
            "",
            idempotency_key=f"cancel-with-{request.idempotency_key}",
        )
    except stripe_gateway.StripeError as error:
        raise RefundRefused(
            _("The refund was requested, but Stripe did not cancel the monthly gift: %(error)s")
            % {"error": error.user_message or error}
        ) from error
    record_staff_action(by, plan, "Monthly gift cancelled with a refund")
