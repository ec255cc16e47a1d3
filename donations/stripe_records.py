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
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
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
# The metadata key under which a staff refund carries the id of our RefundRequest.
REFUND_REQUEST_METADATA = "refund_request"


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


@dataclass(frozen=True)
class Customer:
    id: str
    email: str | None


@dataclass(frozen=True)
class Refund:
    id: str
    amount_minor: int
    currency: str | None
    status: str
    reason: str
    charge_id: str | None
    payment_intent_id: str | None
    request_reference: str | None = None
    failure_reason: str = ""


@dataclass(frozen=True)
class Charge:
    id: str | None
    payment_intent_id: str | None
    amount_refunded_minor: int
    refunds: tuple[Refund, ...]


@dataclass(frozen=True)
class Dispute:
    """A dispute snapshot. ``funds_withdrawn`` / ``funds_reinstated`` and the fee come
    from its balance transactions, which only accumulate, so a later snapshot never
    knows less than an earlier one."""

    id: str
    charge_id: str
    payment_intent_id: str | None
    status: str
    reason: str
    amount_minor: int
    currency: str
    evidence_due_by: datetime | None
    livemode: bool
    created: datetime | None
    funds_withdrawn: bool
    funds_reinstated: bool
    fee_minor: int
    fee_currency: str


@dataclass(frozen=True)
class Payout:
    id: str
    amount_minor: int
    currency: str
    status: str
    arrival_date: date | None
    created: datetime | None
    balance_transaction_id: str
    failure_code: str
    failure_message: str
    livemode: bool


@dataclass(frozen=True)
class BalanceTransaction:
    """One line of the Stripe balance, in the settlement currency (amounts signed).

    ``charge_id`` / ``payment_intent_id`` are what the source leads to when it was
    expanded (a refund's or a dispute's charge), so the line can be matched to a gift."""

    id: str
    type: str
    reporting_category: str
    amount_minor: int
    fee_minor: int
    net_minor: int
    currency: str
    exchange_rate: Decimal | None
    source_id: str
    source_type: str
    charge_id: str | None
    payment_intent_id: str | None
    description: str
    created: datetime | None
    available_on: date | None


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


def parse_customer(customer: Payload) -> Customer:
    return Customer(
        id=_required_id(customer.get("id"), "customer id"), email=_text(customer.get("email"))
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
        request_reference=_request_reference(metadata.get(REFUND_REQUEST_METADATA)),
        failure_reason=(_text(refund.get("failure_reason")) or "")[:255],
    )


def _request_reference(value: object) -> str | None:
    """Our RefundRequest's id as we put it in the refund's metadata (digits only)."""
    text = _text(value)
    return text if text and text.isascii() and text.isdigit() and len(text) < 19 else None


def parse_charge(charge: Payload) -> Charge:
    refunds = _list(_mapping(charge.get("refunds")).get("data"))
    return Charge(
        id=_optional_id(charge.get("id")),
        payment_intent_id=_optional_id(charge.get("payment_intent")),
        amount_refunded_minor=_amount(charge.get("amount_refunded") or 0),
        refunds=tuple(parse_refund(refund) for refund in refunds if isinstance(refund, Mapping)),
    )


def parse_dispute(dispute: Payload) -> Dispute:
    transactions = [
        _mapping(txn) for txn in _list(dispute.get("balance_transactions")) if _mapping(txn)
    ]
    amount = _amount(dispute.get("amount"))
    currency = _currency(dispute.get("currency"))
    if currency is None:
        raise MalformedStripeObject("dispute without a currency")
    return Dispute(
        id=_required_id(dispute.get("id"), "dispute id"),
        charge_id=_required_id(dispute.get("charge"), "dispute's charge"),
        payment_intent_id=_optional_id(dispute.get("payment_intent")),
        status=_text(dispute.get("status")) or "",
        reason=(_text(dispute.get("reason")) or "")[:64],
        amount_minor=amount,
        currency=currency,
        evidence_due_by=_timestamp(_mapping(dispute.get("evidence_details")).get("due_by")),
        livemode=bool(dispute.get("livemode")),
        created=_timestamp(dispute.get("created")),
        funds_withdrawn=any(_signed_amount(txn.get("amount")) < 0 for txn in transactions),
        funds_reinstated=any(_signed_amount(txn.get("amount")) > 0 for txn in transactions),
        fee_minor=sum(_signed_amount(txn.get("fee") or 0) for txn in transactions),
        fee_currency=next(
            (code for txn in transactions if (code := _currency(txn.get("currency")))), ""
        ),
    )


def parse_payout(payout: Payload) -> Payout:
    currency = _currency(payout.get("currency"))
    if currency is None:
        raise MalformedStripeObject("payout without a currency")
    arrival = _timestamp(payout.get("arrival_date"))
    return Payout(
        id=_required_id(payout.get("id"), "payout id"),
        amount_minor=_amount(payout.get("amount")),
        currency=currency,
        status=_text(payout.get("status")) or "",
        arrival_date=arrival.date() if arrival else None,
        created=_timestamp(payout.get("created")),
        balance_transaction_id=_optional_id(payout.get("balance_transaction")) or "",
        failure_code=(_text(payout.get("failure_code")) or "")[:64],
        failure_message=(_text(payout.get("failure_message")) or "")[:255],
        livemode=bool(payout.get("livemode")),
    )


def parse_balance_transaction(txn: Payload) -> BalanceTransaction:
    currency = _currency(txn.get("currency"))
    if currency is None:
        raise MalformedStripeObject("balance transaction without a currency")
    source = txn.get("source")
    expanded = _mapping(source)
    available = _timestamp(txn.get("available_on"))
    return BalanceTransaction(
        id=_required_id(txn.get("id"), "balance transaction id"),
        type=(_text(txn.get("type")) or "")[:48],
        reporting_category=(_text(txn.get("reporting_category")) or "")[:48],
        amount_minor=_signed_amount(txn.get("amount")),
        fee_minor=_signed_amount(txn.get("fee")),
        net_minor=_signed_amount(txn.get("net")),
        currency=currency,
        exchange_rate=parse_exchange_rate(txn.get("exchange_rate")),
        source_id=_optional_id(source) or "",
        source_type=_text(expanded.get("object")) or "",
        charge_id=_id_of_source_charge(expanded),
        payment_intent_id=_optional_id(expanded.get("payment_intent")),
        description=(_text(txn.get("description")) or "")[:255],
        created=_timestamp(txn.get("created")),
        available_on=available.date() if available else None,
    )


def _id_of_source_charge(source: Mapping[str, Any]) -> str | None:
    """The charge a balance transaction's expanded source is, or belongs to."""
    if source.get("object") == "charge":
        return _optional_id(source.get("id"))
    return _optional_id(source.get("charge"))


def _signed_amount(value: object) -> int:
    """Balance amounts are negative for money leaving the balance."""
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_AMOUNT_MINOR:
        raise MalformedStripeObject(f"amount {value!r} is not a whole number of minor units")
    return value


def parse_exchange_rate(value: object) -> Decimal | None:
    """Stripe sends the rate as a JSON number; the SDK hands it over as a float, whose
    ``repr`` is the shortest text that reads back the same, i.e. the digits Stripe sent.
    Kept as a Decimal from here on."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        rate = Decimal(repr(value) if isinstance(value, float) else str(value))
    except InvalidOperation:
        return None
    return rate if rate.is_finite() and rate > 0 else None


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
