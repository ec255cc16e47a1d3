"""Card payments: payment methods, payment intents, charges, balance transactions, refunds."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from stripe_emulator import objects
from stripe_emulator.cards import DECLINED_MESSAGE, TEST_CARDS, Behaviour, Card
from stripe_emulator.core import Emulator
from stripe_emulator.errors import invalid_request, missing_param
from stripe_emulator.forms import enum_param, int_param, merge_metadata, str_param
from stripe_emulator.money import (
    SETTLEMENT_CURRENCY,
    exchange_rate,
    format_amount,
    processing_fee,
    settle,
)
from stripe_emulator.objects import Obj

REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")


def save_payment_method(
    emu: Emulator, card: Card, customer_id: str | None, email: str | None, name: str | None
) -> Obj:
    method = objects.payment_method(card, objects.billing_details(email, name), customer_id)
    emu.store.add(method)
    emu.store.card_numbers[method["id"]] = card.number
    return method


def card_of(emu: Emulator, method: Obj) -> Card:
    """The test card behind a saved payment method."""
    number = emu.store.card_numbers[method["id"]]
    brand, behaviour = TEST_CARDS[number]
    details = method["card"]
    return Card(number, details["exp_month"], details["exp_year"], brand, behaviour)


def create_intent(
    emu: Emulator, amount: int, currency: str, customer_id: str | None, **fields: Any
) -> Obj:
    return emu.store.add(objects.payment_intent(amount, currency, customer_id, **fields))


def capture(emu: Emulator, intent: Obj, method: Obj, *, three_d_secure: bool = False) -> Obj:
    """Charge the card successfully.

    Creates the charge and its balance transaction, marks the intent succeeded, and emits
    ``payment_intent.succeeded`` then ``charge.succeeded``.
    """
    card = card_of(emu, method)
    charge = objects.charge(
        intent, method, objects.card_details(card, intent["amount"], three_d_secure), succeeded=True
    )
    rate = exchange_rate(charge["currency"])
    txn = objects.balance_transaction(
        settle(charge["amount"], rate),
        SETTLEMENT_CURRENCY,
        type="charge",
        source=charge["id"],
        fee=settle(processing_fee(charge["amount"], charge["currency"]), rate),
        description=charge["description"],
        exchange_rate=rate,
    )
    charge["balance_transaction"] = txn["id"]
    emu.store.add(txn)
    emu.store.add(charge)
    intent.update(
        status="succeeded",
        amount_received=intent["amount"],
        latest_charge=charge["id"],
        last_payment_error=None,
        payment_method=method["id"],
    )
    emu.emit("payment_intent.succeeded", intent)
    emu.emit("charge.succeeded", charge)
    return charge


def decline(emu: Emulator, intent: Obj, method: Obj) -> Obj:
    """Record a declined charge; emits ``payment_intent.payment_failed`` and ``charge.failed``."""
    card = card_of(emu, method)
    charge = objects.charge(
        intent, method, objects.card_details(card, intent["amount"], False), succeeded=False
    )
    emu.store.add(charge)
    intent["latest_charge"] = charge["id"]
    _record_failure(
        intent, method, "card_declined", DECLINED_MESSAGE, charge["id"], "generic_decline"
    )
    emu.emit("payment_intent.payment_failed", intent)
    emu.emit("charge.failed", charge)
    return charge


def fail_authentication(emu: Emulator, intent: Obj, method: Obj, message: str) -> None:
    """Failed 3D Secure: no charge is attempted, only the intent records the failure."""
    _record_failure(intent, method, "payment_intent_authentication_failure", message, None, None)
    emu.emit("payment_intent.payment_failed", intent)


def _record_failure(
    intent: Obj,
    method: Obj,
    code: str,
    message: str,
    charge_id: str | None,
    decline_code: str | None,
) -> None:
    error: Obj = {
        "charge": charge_id,
        "code": code,
        "decline_code": decline_code,
        "doc_url": f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}",
        "message": message,
        "payment_method": copy.deepcopy(method),
        "type": "card_error",
    }
    intent.update(status="requires_payment_method", last_payment_error=error, payment_method=None)


def create_refund(emu: Emulator, params: Mapping[str, Any]) -> Obj:
    """``POST /v1/refunds``: refund all or part of a charge; emits ``refund.created`` and
    ``charge.refunded``. A refund of the card whose refunds fail (``4000 0000 0000 5126``)
    is created succeeded like any other, then fails (``_fail_refund``); the response is
    the refund as it was created."""
    charge = _charge_to_refund(emu, params)
    remaining = charge["amount"] - charge["amount_refunded"]
    amount = int_param(params, "amount", minimum=1)
    amount = remaining if amount is None else amount
    _check_refundable(emu, charge, amount, remaining)
    reason = enum_param(params, "reason", REFUND_REASONS)
    refund = objects.refund(charge, amount, reason, merge_metadata({}, params.get("metadata")))
    rate = exchange_rate(charge["currency"])
    txn = objects.balance_transaction(
        -settle(amount, rate),
        SETTLEMENT_CURRENCY,
        type="refund",
        source=refund["id"],
        description=f"REFUND FOR CHARGE ({charge['description'] or 'Payment'})",
        exchange_rate=rate,
    )
    refund["balance_transaction"] = txn["id"]
    emu.store.add(txn)
    emu.store.add(refund)
    before = copy.deepcopy(charge)
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] == charge["amount"]
    refunds = charge["refunds"]
    refunds["data"].insert(0, copy.deepcopy(refund))
    refunds["total_count"] = len(refunds["data"])
    emu.emit("refund.created", refund)
    emu.emit("charge.refunded", charge, before)
    created = copy.deepcopy(refund)
    if _refunds_fail(emu, charge):
        _fail_refund(emu, charge, refund)
    return created


def _refunds_fail(emu: Emulator, charge: Obj) -> bool:
    method_id = charge.get("payment_method")
    if method_id not in emu.store.card_numbers:
        return False
    return TEST_CARDS[emu.store.card_numbers[method_id]][1] == Behaviour.REFUNDS_FAIL


def _fail_refund(emu: Emulator, charge: Obj, refund: Obj) -> None:
    """The card's bank sent the refund back, as with Stripe's 5126 card: the money
    returns to the balance (a ``refund_failure`` transaction, the refund's
    ``failure_balance_transaction``), the charge no longer counts it, and
    ``refund.updated`` then ``refund.failed`` are sent."""
    rate = exchange_rate(charge["currency"])
    txn = objects.balance_transaction(
        settle(refund["amount"], rate),
        SETTLEMENT_CURRENCY,
        type="refund_failure",
        source=refund["id"],
        description=f"REFUND FAILURE FOR CHARGE ({charge['description'] or 'Payment'})",
        exchange_rate=rate,
    )
    emu.store.add(txn)
    before = copy.deepcopy(refund)
    refund.update(
        status="failed",
        failure_reason="expired_or_canceled_card",
        failure_balance_transaction=txn["id"],
    )
    charge["amount_refunded"] -= refund["amount"]
    charge["refunded"] = False
    charge["refunds"]["data"] = [
        copy.deepcopy(refund) if listed["id"] == refund["id"] else listed
        for listed in charge["refunds"]["data"]
    ]
    emu.emit("refund.updated", refund, before)
    emu.emit("refund.failed", refund)


def _charge_to_refund(emu: Emulator, params: Mapping[str, Any]) -> Obj:
    charge_id = str_param(params, "charge")
    intent_id = str_param(params, "payment_intent")
    if intent_id:
        intent = emu.store.fetch("payment_intent", intent_id, param="payment_intent")
        if intent["status"] != "succeeded":
            raise invalid_request(
                f"This PaymentIntent ({intent_id}) does not have a successful charge to refund.",
                param="payment_intent",
            )
        if charge_id and charge_id != intent["latest_charge"]:
            raise invalid_request(
                f"Charge {charge_id} does not belong to PaymentIntent {intent_id}.", param="charge"
            )
        charge_id = intent["latest_charge"]
    if not charge_id:
        raise missing_param("charge")
    charge = emu.store.fetch("charge", charge_id, param="charge")
    if charge["status"] != "succeeded":
        raise invalid_request(f"Charge {charge_id} has not succeeded.", param="charge")
    return charge


def _check_refundable(emu: Emulator, charge: Obj, amount: int, remaining: int) -> None:
    if charge["refunded"]:
        raise invalid_request(
            f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded"
        )
    if any(
        dispute["charge"] == charge["id"] and dispute["status"] != "won"
        for dispute in emu.store.all("dispute")
    ):
        raise invalid_request(
            f"Charge {charge['id']} has been charged back; cannot issue a refund.",
            code="charge_disputed",
        )
    if amount > remaining:
        currency = charge["currency"]
        raise invalid_request(
            f"Refund amount ({format_amount(amount, currency)}) is greater than unrefunded "
            f"amount on charge ({format_amount(remaining, currency)})",
            param="amount",
            code="amount_too_large",
        )
