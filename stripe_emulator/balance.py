"""Money leaving the balance: disputes (chargebacks) and payouts to the bank account."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from stripe_emulator import objects
from stripe_emulator.core import Emulator
from stripe_emulator.errors import StripeError, invalid_request
from stripe_emulator.forms import enum_param, int_param, require, str_param
from stripe_emulator.objects import Obj

DISPUTE_REASONS = (
    "bank_cannot_process",
    "credit_not_processed",
    "customer_initiated",
    "debit_not_authorized",
    "duplicate",
    "fraudulent",
    "general",
    "incorrect_account_details",
    "insufficient_funds",
    "product_not_received",
    "product_unacceptable",
    "subscription_canceled",
    "unrecognized",
)


def open_dispute(emu: Emulator, charge: Obj, params: Mapping[str, Any]) -> Obj:
    """The cardholder disputes a charge; emits ``charge.dispute.created``."""
    if charge["status"] != "succeeded":
        raise invalid_request(f"Charge {charge['id']} has not succeeded.", param="charge")
    if charge["disputed"]:
        raise invalid_request(f"Charge {charge['id']} is already disputed.", param="charge")
    disputable = charge["amount"] - charge["amount_refunded"]
    amount = int_param(params, "amount", minimum=1, maximum=disputable) or disputable
    reason = enum_param(params, "reason", DISPUTE_REASONS) or "fraudulent"
    dispute = emu.store.add(objects.dispute(charge, amount, reason))
    charge["disputed"] = True
    emu.emit("charge.dispute.created", dispute)
    return dispute


def close_dispute(emu: Emulator, dispute: Obj, params: Mapping[str, Any]) -> Obj:
    """Settle a dispute; a lost one withdraws the amount (an ``adjustment`` transaction).

    Emits ``charge.dispute.closed``.
    """
    status = require(params, "status")
    enum_param(params, "status", ("won", "lost"))
    if dispute["status"] in ("won", "lost"):
        raise invalid_request(f"Dispute {dispute['id']} is already closed.")
    if status == "lost":
        txn = objects.balance_transaction(
            -dispute["amount"],
            dispute["currency"],
            type="adjustment",
            source=dispute["id"],
            description=f"Chargeback withdrawal for {dispute['charge']}",
            reporting_category="dispute",
        )
        emu.store.add(txn)
        dispute["balance_transactions"].append(copy.deepcopy(txn))
    dispute["status"] = status
    emu.emit("charge.dispute.closed", dispute)
    return dispute


def create_payouts(emu: Emulator, params: Mapping[str, Any]) -> list[Obj]:
    """Pay out every balance transaction not yet paid out, one payout per currency.

    Emits ``payout.created``, ``payout.paid`` and ``payout.reconciliation_completed`` for each.
    """
    wanted = (str_param(params, "currency") or "").lower() or None
    unpaid = _unpaid_by_currency(emu)
    payouts = [
        _pay_out(emu, currency, txns)
        for currency, txns in unpaid.items()
        if (wanted is None or currency == wanted) and sum(txn["net"] for txn in txns) > 0
    ]
    if not payouts:
        raise StripeError(
            "You have insufficient funds in your Stripe account for this payout.",
            code="balance_insufficient",
        )
    return payouts


def _unpaid_by_currency(emu: Emulator) -> dict[str, list[Obj]]:
    paid_out = emu.store.paid_out_transactions()
    unpaid: dict[str, list[Obj]] = {}
    for txn in emu.store.all("balance_transaction"):
        if txn["type"] != "payout" and txn["id"] not in paid_out:
            unpaid.setdefault(txn["currency"], []).append(txn)
    return unpaid


def _pay_out(emu: Emulator, currency: str, txns: list[Obj]) -> Obj:
    amount = sum(txn["net"] for txn in txns)
    payout = objects.payout(amount, currency, emu.store.bank_account)
    payout_txn = objects.balance_transaction(
        -amount,
        currency,
        type="payout",
        source=payout["id"],
        description="STRIPE PAYOUT",
    )
    payout["balance_transaction"] = payout_txn["id"]
    emu.store.add(payout_txn)
    emu.store.add(payout)
    for txn in [*txns, payout_txn]:
        txn["status"] = "available"
    emu.store.payout_transactions[payout["id"]] = [txn["id"] for txn in txns]
    emu.emit("payout.created", payout)
    payout.update(status="paid", trace_id={"status": "supported", "value": payout["id"][3:15]})
    emu.emit("payout.paid", payout)
    payout["reconciliation_status"] = "completed"
    emu.emit("payout.reconciliation_completed", payout)
    return payout
