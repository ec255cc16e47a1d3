"""Monthly gifts: a plan per Stripe subscription, kept in step with Stripe's snapshots."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction

from ..models import CheckoutIntent, RecurringPlan
from ..stripe_records import Subscription
from . import NotYetRecorded

SUBSCRIPTION_STATUSES = {
    "active": RecurringPlan.Status.ACTIVE,
    "trialing": RecurringPlan.Status.ACTIVE,
    "past_due": RecurringPlan.Status.PAST_DUE,
    "unpaid": RecurringPlan.Status.PAST_DUE,
    "incomplete": RecurringPlan.Status.PAST_DUE,
    "paused": RecurringPlan.Status.PAUSED,
    "canceled": RecurringPlan.Status.CANCELLED,
    "incomplete_expired": RecurringPlan.Status.CANCELLED,
}


class KeepEnd:
    """Marks an event that says nothing about a scheduled end."""


KEEP_END = KeepEnd()


def ensure_plan(
    subscription_id: str, intent: CheckoutIntent | None, *, customer_id: str | None = None
) -> RecurringPlan:
    """The plan of a subscription, created from its checkout the first time any event
    about it arrives (whichever comes first)."""
    plan = RecurringPlan.objects.filter(stripe_subscription_id=subscription_id).first()
    if plan is None:
        plan = _create_plan(subscription_id, intent, customer_id)
    if customer_id and not plan.stripe_customer_id:
        RecurringPlan.objects.filter(pk=plan.pk).update(stripe_customer_id=customer_id)
        plan.stripe_customer_id = customer_id
    return plan


def _create_plan(
    subscription_id: str, intent: CheckoutIntent | None, customer_id: str | None
) -> RecurringPlan:
    if intent is None:
        raise NotYetRecorded(f"no checkout recorded for subscription {subscription_id}")
    try:
        with transaction.atomic():
            return RecurringPlan.objects.create(
                stripe_subscription_id=subscription_id,
                stripe_customer_id=customer_id or "",
                donor=intent.donor,
                campaign=intent.campaign,
                checkout_intent=intent,
                amount_minor=intent.amount_minor,
                currency=intent.currency,
            )
    except IntegrityError:
        plan = RecurringPlan.objects.filter(stripe_subscription_id=subscription_id).first()
        if plan is None:
            raise ValueError(
                f"checkout {intent.pk} already has a monthly gift; "
                f"subscription {subscription_id} cannot start another"
            ) from None
        return plan


def apply_subscription(plan: RecurringPlan, subscription: Subscription, at: datetime) -> None:
    """``customer.subscription.updated`` / ``deleted``: status, pause and amount."""
    status = SUBSCRIPTION_STATUSES.get(subscription.status, plan.status)
    if status == RecurringPlan.Status.ACTIVE and subscription.collection_paused:
        status = RecurringPlan.Status.PAUSED
    apply_plan_status(
        plan,
        status,
        at,
        next_charge=subscription.current_period_end,
        amount_minor=subscription.amount_minor,
        paused_until=subscription.pause_resumes_at,
        ends_at=subscription.ends_at,
    )


def apply_plan_status(
    plan: RecurringPlan,
    status: str,
    at: datetime,
    *,
    next_charge: datetime | None = None,
    amount_minor: int | None = None,
    paused_until: datetime | None = None,
    ends_at: datetime | KeepEnd | None = KEEP_END,
) -> bool:
    """Apply a subscription snapshot unless a newer one was applied already.

    A cancelled plan stays cancelled. A plan paid again may be notified anew the next
    time a payment fails. ``paused_until`` counts only for a paused plan. ``ends_at`` comes
    only with a subscription snapshot (the portal's scheduled cancellation, or none); other
    events keep it. Returns whether the status changed."""
    plan = RecurringPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status_synced_at and at < plan.status_synced_at:
        return False
    if plan.status == RecurringPlan.Status.CANCELLED:
        return False
    changed = plan.status != status
    plan.status = status
    plan.status_synced_at = at
    if status == RecurringPlan.Status.CANCELLED:
        plan.cancelled_at = at
    if status == RecurringPlan.Status.ACTIVE:
        plan.past_due_notice_sent_at = None
    plan.paused_until = paused_until if status == RecurringPlan.Status.PAUSED else None
    if next_charge is not None:
        plan.next_charge_at = next_charge
    if amount_minor is not None:
        plan.amount_minor = amount_minor
    if not isinstance(ends_at, KeepEnd):
        plan.ends_at = ends_at
    plan.save(
        update_fields=[
            "status",
            "status_synced_at",
            "cancelled_at",
            "next_charge_at",
            "amount_minor",
            "past_due_notice_sent_at",
            "paused_until",
            "ends_at",
        ]
    )
    return changed
