"""The event types we read, each parsed into its typed record and applied to the ledger.

A handler takes the event's ``data.object`` and the time Stripe created the event.
Types not listed here are stored as ignored and never processed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ..donor_area import erasure
from ..donor_area import plans as donor_plans
from ..ledger import checkouts, disputes, gifts, payouts, plans, refunds, renewals
from ..ledger.follow_ups import queue_past_due_notice
from ..models import CheckoutIntent, RecurringPlan
from ..stripe_records import (
    Payload,
    parse_charge,
    parse_checkout_session,
    parse_customer,
    parse_dispute,
    parse_invoice,
    parse_payout,
    parse_refund,
    parse_subscription,
)

Handler = Callable[[Payload, datetime], None]


def checkout_session_completed(obj: Payload, at: datetime) -> None:
    """A donor finished Stripe's page. Paid one-off gifts are recorded here; monthly
    gifts get their plan here and their installments from ``invoice.paid``."""
    session = parse_checkout_session(obj)
    intent = checkouts.require_intent(session.reference, f"session {session.id}")
    checkouts.remember_customer(intent.donor, session.customer_id)
    if session.mode == "subscription":
        if session.subscription_id:
            plans.ensure_plan(session.subscription_id, intent, customer_id=session.customer_id)
        checkouts.set_intent_status(intent, CheckoutIntent.Status.COMPLETED)
    elif session.paid and session.payment_intent_id is not None:
        gifts.record_one_off_gift(intent, payment_intent_id=session.payment_intent_id, at=at)
        checkouts.set_intent_status(intent, CheckoutIntent.Status.COMPLETED)
    else:
        checkouts.set_intent_status(intent, CheckoutIntent.Status.PROCESSING)


def checkout_async_payment_failed(obj: Payload, at: datetime) -> None:
    session = parse_checkout_session(obj)
    intent = checkouts.require_intent(session.reference, f"session {session.id}")
    checkouts.set_intent_status(intent, CheckoutIntent.Status.FAILED)


def checkout_session_expired(obj: Payload, at: datetime) -> None:
    session = parse_checkout_session(obj)
    intent = checkouts.require_intent(session.reference, f"session {session.id}")
    checkouts.set_intent_status(intent, CheckoutIntent.Status.EXPIRED)


def invoice_paid(obj: Payload, at: datetime) -> None:
    """One installment of a monthly gift was paid (the first one or a renewal)."""
    invoice = parse_invoice(obj)
    if invoice.subscription_id is None or not invoice.amount_paid_minor:
        return
    plan = plans.ensure_plan(
        invoice.subscription_id, checkouts.intent_by_reference(invoice.reference)
    )
    gifts.record_installment(plan, invoice, at=at)
    renewals.mark_renewal_recovered(invoice, at)
    plans.apply_plan_status(plan, RecurringPlan.Status.ACTIVE, at, next_charge=invoice.period_end)


def invoice_payment_failed(obj: Payload, at: datetime) -> None:
    """A renewal failed: the plan is past due and the donor is asked to update the card."""
    invoice = parse_invoice(obj)
    if invoice.subscription_id is None:
        return
    plan = plans.ensure_plan(
        invoice.subscription_id, checkouts.intent_by_reference(invoice.reference)
    )
    renewals.record_failed_renewal(plan, invoice, at)
    if plans.apply_plan_status(plan, RecurringPlan.Status.PAST_DUE, at):
        queue_past_due_notice(plan)


def subscription_changed(obj: Payload, at: datetime) -> None:
    """``customer.subscription.updated`` / ``deleted``: status, pause and amount."""
    subscription = parse_subscription(obj)
    plan = plans.ensure_plan(
        subscription.id,
        checkouts.intent_by_reference(subscription.reference),
        customer_id=subscription.customer_id,
    )
    plans.apply_subscription(plan, subscription, at)
    donor_plans.confirm_changes(plan)


def customer_deleted(obj: Payload, at: datetime) -> None:
    """Sent after an erasure deleted the customer: its copy must not keep their details."""
    customer = parse_customer(obj)
    erasure.scrub_deleted_customer(customer.id, customer.email or "")


def charge_refunded(obj: Payload, at: datetime) -> None:
    """The event's time tells whether the charge still counts a refund that failed."""
    refunds.apply_charge_refunds(parse_charge(obj), at)


def refund_changed(obj: Payload, at: datetime) -> None:
    """A refund's status, kept or failed: a failure dates from its first event's time."""
    refunds.apply_refund(parse_refund(obj), at)


def dispute_changed(obj: Payload, at: datetime) -> None:
    """Every ``charge.dispute.*`` event carries the whole dispute: merge it forward."""
    disputes.apply_dispute(parse_dispute(obj), at)


def payout_changed(obj: Payload, at: datetime) -> None:
    """``payout.*``: the payout's status moves forward; paid fetches its lines."""
    payouts.apply_payout(parse_payout(obj))


EVENT_HANDLERS: dict[str, Handler] = {
    "checkout.session.completed": checkout_session_completed,
    "checkout.session.async_payment_succeeded": checkout_session_completed,
    "checkout.session.async_payment_failed": checkout_async_payment_failed,
    "checkout.session.expired": checkout_session_expired,
    "invoice.paid": invoice_paid,
    "invoice.payment_failed": invoice_payment_failed,
    "customer.subscription.updated": subscription_changed,
    "customer.subscription.deleted": subscription_changed,
    "customer.deleted": customer_deleted,
    "charge.refunded": charge_refunded,
    "refund.created": refund_changed,
    "refund.updated": refund_changed,
    "refund.failed": refund_changed,
    "charge.dispute.created": dispute_changed,
    "charge.dispute.updated": dispute_changed,
    "charge.dispute.closed": dispute_changed,
    "charge.dispute.funds_withdrawn": dispute_changed,
    "charge.dispute.funds_reinstated": dispute_changed,
    "payout.created": payout_changed,
    "payout.updated": payout_changed,
    "payout.paid": payout_changed,
    "payout.failed": payout_changed,
    "payout.canceled": payout_changed,
}


def handles(event_type: str) -> bool:
    return event_type in EVENT_HANDLERS


def handler_for(event_type: str) -> Handler | None:
    return EVENT_HANDLERS.get(event_type)
