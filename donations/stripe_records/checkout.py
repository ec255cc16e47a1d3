"""Checkout: sessions, customers, charges and their refunds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ._fields import (
    SESSION_ID,
    MalformedStripeObject,
    Payload,
    _amount,
    _currency,
    _list,
    _mapping,
    _match,
    _optional_id,
    _required_id,
    _text,
)

# The metadata key under which a staff refund carries the id of our RefundRequest.
REFUND_REQUEST_METADATA = "refund_request"


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
