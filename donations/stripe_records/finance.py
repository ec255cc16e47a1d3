"""Finance: disputes, payouts and the balance transactions behind them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ._fields import (
    MalformedStripeObject,
    Payload,
    _amount,
    _currency,
    _list,
    _mapping,
    _optional_id,
    _required_id,
    _signed_amount,
    _text,
    _timestamp,
)


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
