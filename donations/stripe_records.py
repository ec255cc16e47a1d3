"""Incoming Stripe objects, parsed once at the edge into small typed records.

Webhook payloads are read here and nowhere else: the ledger receives these
records, so a change in Stripe's payload shape touches this one file. A payload
that lacks what a record needs raises ``MalformedStripeObject``; the event keeps
that error and the dispatcher moves on to the next one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

Payload = Mapping[str, Any]

# Stripe ids are ASCII tokens (``evt_1NG8Du2eZvKYlo2C…``); anything else in an id field
# is not something Stripe sent us and must not reach the database. Ids are stored in
# 64-character columns, except Checkout Sessions' (they run to 66 characters; 255).
STRIPE_ID = re.compile(r"[A-Za-z0-9_]{1,64}")
SESSION_ID = re.compile(r"[A-Za-z0-9_]{1,255}")
EVENT_ID = STRIPE_ID
# The largest amount a database column holds (a signed 64-bit integer).
MAX_AMOUNT_MINOR = 2**63 - 1
EVENT_TYPE = re.compile(r"[a-z0-9_.]{1,100}")
API_VERSION = re.compile(r"[A-Za-z0-9_.\-]{1,40}")


class MalformedStripeObject(ValueError):
    """A Stripe payload without the fields the ledger needs, or with ids of the wrong shape."""


@dataclass(frozen=True)
class EventEnvelope:
    """The outside of an event: what the inbox stores before anything reads the object."""

    id: str
    type: str
    api_version: str
    livemode: bool


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    reference: str | None
    mode: str
    paid: bool
    payment_intent_id: str | None
    subscription_id: str | None
    customer_id: str | None


@dataclass(frozen=True)
class Invoice:
    id: str
    subscription_id: str | None
    reference: str | None
    amount_paid_minor: int
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


@dataclass(frozen=True)
class Refund:
    id: str
    amount_minor: int
    currency: str | None
    status: str
    reason: str
    charge_id: str | None
    payment_intent_id: str | None


@dataclass(frozen=True)
class Charge:
    id: str | None
    payment_intent_id: str | None
    amount_refunded_minor: int
    refunds: tuple[Refund, ...]


def parse_envelope(event: Payload) -> EventEnvelope:
    """The id, type and API version of a verified event, checked for shape."""
    return EventEnvelope(
        id=_match(EVENT_ID, event.get("id"), "event id"),
        type=_match(EVENT_TYPE, event.get("type"), "event type"),
        api_version=_match(API_VERSION, event["api_version"], "API version")
        if event.get("api_version")
        else "",
        livemode=bool(event.get("livemode")),
    )


def event_object(event: Payload) -> Payload:
    """``data.object`` of an event."""
    data = event.get("data")
    obj = data.get("object") if isinstance(data, Mapping) else None
    if not isinstance(obj, Mapping):
        raise MalformedStripeObject("event without data.object")
    return obj


def event_created(event: Payload) -> datetime | None:
    """When Stripe created the event: the order that counts for snapshots."""
    return _timestamp(event.get("created"))


def parse_checkout_session(session: Payload) -> CheckoutSession:
    metadata = _mapping(session.get("metadata"))
    parsed = CheckoutSession(
        id=_match(SESSION_ID, session.get("id"), "session id"),
        reference=_text(session.get("client_reference_id"))
        or _text(metadata.get("checkout_intent_id")),
        mode=_text(session.get("mode")) or "payment",
        paid=session.get("payment_status") == "paid",
        payment_intent_id=_optional_id(session.get("payment_intent")),
        subscription_id=_optional_id(session.get("subscription")),
        customer_id=_optional_id(session.get("customer")),
    )
    if parsed.mode == "payment" and parsed.paid and parsed.payment_intent_id is None:
        raise MalformedStripeObject("paid session without a payment intent")
    return parsed


def parse_invoice(invoice: Payload) -> Invoice:
    details = _mapping(_mapping(invoice.get("parent")).get("subscription_details"))
    first_line = _first(_mapping(invoice.get("lines")).get("data"))
    return Invoice(
        id=_required_id(invoice.get("id"), "invoice id"),
        subscription_id=_optional_id(details.get("subscription")),
        reference=_text(_mapping(details.get("metadata")).get("checkout_intent_id")),
        amount_paid_minor=_amount(invoice.get("amount_paid")),
        currency=_currency(invoice.get("currency")) or "",
        opens_subscription=invoice.get("billing_reason") == "subscription_create",
        period_end=_timestamp(_mapping(first_line.get("period")).get("end")),
    )


def parse_subscription(subscription: Payload) -> Subscription:
    first_item = _first(_mapping(subscription.get("items")).get("data"))
    amount = _mapping(first_item.get("price")).get("unit_amount")
    pause = _mapping(subscription.get("pause_collection"))
    return Subscription(
        id=_required_id(subscription.get("id"), "subscription id"),
        reference=_text(_mapping(subscription.get("metadata")).get("checkout_intent_id")),
        status=_text(subscription.get("status")) or "",
        collection_paused=bool(pause),
        pause_resumes_at=_timestamp(pause.get("resumes_at")),
        customer_id=_optional_id(subscription.get("customer")),
        current_period_end=_timestamp(first_item.get("current_period_end")),
        amount_minor=_amount_or_none(amount),
    )


def parse_refund(refund: Payload) -> Refund:
    metadata = _mapping(refund.get("metadata"))
    reason = _text(metadata.get("reason")) or _text(refund.get("reason")) or ""
    return Refund(
        id=_required_id(refund.get("id"), "refund id"),
        amount_minor=_amount(refund.get("amount")),
        currency=_currency(refund.get("currency")),
        status=_text(refund.get("status")) or "",
        reason=reason[:255],
        charge_id=_optional_id(refund.get("charge")),
        payment_intent_id=_optional_id(refund.get("payment_intent")),
    )


def parse_charge(charge: Payload) -> Charge:
    refunds = _list(_mapping(charge.get("refunds")).get("data"))
    return Charge(
        id=_optional_id(charge.get("id")),
        payment_intent_id=_optional_id(charge.get("payment_intent")),
        amount_refunded_minor=_amount(charge.get("amount_refunded") or 0),
        refunds=tuple(parse_refund(refund) for refund in refunds if isinstance(refund, Mapping)),
    )


def _match(pattern: re.Pattern[str], value: object, what: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise MalformedStripeObject(f"{what} missing or of an unexpected shape")
    return value


def _optional_id(value: object) -> str | None:
    """Stripe fields are ids, or whole objects when expanded; None when absent."""
    if isinstance(value, Mapping):
        value = value.get("id")
    if value is None or value == "":
        return None
    return _match(STRIPE_ID, value, "id")


def _required_id(value: object, what: str) -> str:
    found = _optional_id(value)
    if found is None:
        raise MalformedStripeObject(f"{what} missing")
    return found


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    """The ``data`` of a Stripe list; empty when absent or not a list."""
    return value if isinstance(value, list) else []


def _first(value: object) -> Mapping[str, Any]:
    """The first object of a Stripe list's ``data``; empty when there is none."""
    items = _list(value)
    return _mapping(items[0]) if items else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _amount(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AMOUNT_MINOR:
        raise MalformedStripeObject(f"amount {value!r} is not a whole number of minor units")
    return value


def _amount_or_none(value: object) -> int | None:
    try:
        return _amount(value)
    except MalformedStripeObject:
        return None


def _currency(value: object) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{3}", value):
        return value.upper()
    return None


def _timestamp(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
