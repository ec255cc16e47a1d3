"""Billing: invoices and subscriptions (monthly gifts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ._fields import (
    Payload,
    _amount,
    _amount_or_none,
    _currency,
    _first,
    _mapping,
    _optional_id,
    _required_id,
    _text,
    _timestamp,
)


@dataclass(frozen=True)
class Invoice:
    id: str
    subscription_id: str | None
    reference: str | None
    amount_paid_minor: int
    amount_due_minor: int
    currency: str
    opens_subscription: bool
    period_end: datetime | None


@dataclass(frozen=True)
class Subscription:
    id: str
    reference: str | None
    status: str
    collection_paused: bool
    pause_resumes_at: datetime | None
    customer_id: str | None
    current_period_end: datetime | None
    amount_minor: int | None
    ends_at: datetime | None
    """When a cancellation scheduled in the billing portal takes effect."""


def parse_invoice(invoice: Payload) -> Invoice:
    details = _mapping(_mapping(invoice.get("parent")).get("subscription_details"))
    first_line = _first(_mapping(invoice.get("lines")).get("data"))
    return Invoice(
        id=_required_id(invoice.get("id"), "invoice id"),
        subscription_id=_optional_id(details.get("subscription")),
        reference=_text(_mapping(details.get("metadata")).get("checkout_intent_id")),
        amount_paid_minor=_amount(invoice.get("amount_paid")),
        amount_due_minor=_amount(invoice.get("amount_due")),
        currency=_currency(invoice.get("currency")) or "",
        opens_subscription=invoice.get("billing_reason") == "subscription_create",
        period_end=_timestamp(_mapping(first_line.get("period")).get("end")),
    )


def parse_subscription(subscription: Payload) -> Subscription:
    first_item = _first(_mapping(subscription.get("items")).get("data"))
    amount = _mapping(first_item.get("price")).get("unit_amount")
    pause = _mapping(subscription.get("pause_collection"))
    period_end = _timestamp(first_item.get("current_period_end"))
    return Subscription(
        id=_required_id(subscription.get("id"), "subscription id"),
        reference=_text(_mapping(subscription.get("metadata")).get("checkout_intent_id")),
        status=_text(subscription.get("status")) or "",
        collection_paused=bool(pause),
        pause_resumes_at=_timestamp(pause.get("resumes_at")),
        customer_id=_optional_id(subscription.get("customer")),
        current_period_end=period_end,
        amount_minor=_amount_or_none(amount),
        ends_at=_scheduled_end(subscription, period_end),
    )


def _scheduled_end(subscription: Payload, period_end: datetime | None) -> datetime | None:
    """``cancel_at``, or the period end when only ``cancel_at_period_end`` is set."""
    cancel_at = _timestamp(subscription.get("cancel_at"))
    if cancel_at is None and subscription.get("cancel_at_period_end") is True:
        return period_end
    return cancel_at
