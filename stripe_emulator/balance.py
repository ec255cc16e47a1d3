"""Money leaving the balance: disputes (chargebacks) and payouts to the bank account."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from stripe_emulator import objects
from stripe_emulator.core import Emulator
from stripe_emulator.errors import StripeError, invalid_request
from stripe_emulator.forms import enum_param, int_param, require, str_param
from stripe_emulator.money import DISPUTE_FEE, SETTLEMENT_CURRENCY, exchange_rate, settle
from stripe_emulator.objects import Obj

# A payout and its failure return each other's money; neither is paid out again.
PAYOUT_TYPES = ("payout", "payout_failure")

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
    """The cardholder disputes a charge. As Stripe does for a card chargeback, the amount
    and the dispute fee leave the balance at once: emits ``charge.dispute.created`` and
    then ``charge.dispute.funds_withdrawn``."""
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
    _move_dispute_funds(
        emu,
        dispute,
        -amount,
        fee=DISPUTE_FEE,
        category="dispute",
        description=f"Chargeback withdrawal for {dispute['charge']}",
    )
    emu.emit("charge.dispute.funds_withdrawn", dispute)
    return dispute


def submit_evidence(emu: Emulator, dispute: Obj, params: Mapping[str, Any]) -> Obj:
    """Evidence was sent: the dispute is under review; emits ``charge.dispute.updated``."""
    _require_open(dispute)
    before = copy.deepcopy(dispute)
    dispute["status"] = "under_review"
    dispute["evidence"]["uncategorized_text"] = str_param(params, "text") or "Evidence"
    dispute["evidence_details"].update(has_evidence=True, submission_count=1)
    emu.emit("charge.dispute.updated", dispute, before)
    return dispute


def close_dispute(emu: Emulator, dispute: Obj, params: Mapping[str, Any]) -> Obj:
    """Settle a dispute. Won: the amount comes back (``charge.dispute.funds_reinstated``;
    the dispute fee does not); lost: the withdrawal stands. Emits
    ``charge.dispute.closed``."""
    status = require(params, "status")
    enum_param(params, "status", ("won", "lost"))
    _require_open(dispute)
    if status == "won":
        _move_dispute_funds(
            emu,
            dispute,
            dispute["amount"],
            fee=0,
            category="dispute_reversal",
            description=f"Chargeback reversal for {dispute['charge']}",
        )
        emu.emit("charge.dispute.funds_reinstated", dispute)
    dispute["status"] = status
    emu.emit("charge.dispute.closed", dispute)
    return dispute


def _require_open(dispute: Obj) -> None:
    if dispute["status"] in ("won", "lost"):
        raise invalid_request(f"Dispute {dispute['id']} is already closed.")


def _move_dispute_funds(
    emu: Emulator, dispute: Obj, amount: int, *, fee: int, category: str, description: str
) -> None:
    """A balance ``adjustment`` for the dispute, converted into the settlement currency
    at the charge's rate, listed on the dispute's ``balance_transactions``."""
    rate = exchange_rate(dispute["currency"])
    txn = objects.balance_transaction(
        settle(amount, rate),
        SETTLEMENT_CURRENCY,
        type="adjustment",
        source=dispute["id"],
        fee=fee,
        description=description,
        reporting_category=category,
        exchange_rate=rate,
    )
    emu.store.add(txn)
    dispute["balance_transactions"].append(copy.deepcopy(txn))


def create_payouts(emu: Emulator, params: Mapping[str, Any]) -> list[Obj]:
    """Pay out every balance transaction not yet paid out, one payout per currency.

    Emits ``payout.created``, ``payout.paid`` and ``payout.reconciliation_completed`` for
    each; with ``outcome=failed`` the bank returns it: ``payout.created``, then
    ``payout.failed``, and its transactions wait for the next payout.
    """
    wanted = (str_param(params, "currency") or "").lower() or None
    failed = enum_param(params, "outcome", ("paid", "failed")) == "failed"
    unpaid = _unpaid_by_currency(emu)
    payouts = [
        _pay_out(emu, currency, txns, failed=failed)
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
        if txn["type"] not in PAYOUT_TYPES and txn["id"] not in paid_out:
            unpaid.setdefault(txn["currency"], []).append(txn)
    return unpaid


def _pay_out(emu: Emulator, currency: str, txns: list[Obj], *, failed: bool) -> Obj:
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
    if failed:
        return _fail(emu, payout)
    payout.update(status="paid", trace_id={"status": "supported", "value": payout["id"][3:15]})
    emu.emit("payout.paid", payout)
    payout["reconciliation_status"] = "completed"
    emu.emit("payout.reconciliation_completed", payout)
    return payout


def _fail(emu: Emulator, payout: Obj) -> Obj:
    """The bank refused the payout: the money returns to the balance (a
    ``payout_failure`` transaction) and what it settled is unpaid again."""
    failure = objects.balance_transaction(
        payout["amount"],
        payout["currency"],
        type="payout_failure",
        source=payout["id"],
        description="STRIPE PAYOUT FAILURE",
    )
    emu.store.add(failure)
    emu.store.payout_transactions[payout["id"]] = []
    payout.update(
        status="failed",
        failure_balance_transaction=failure["id"],
        failure_code="account_closed",
        failure_message="The bank account has been closed.",
    )
    emu.emit("payout.failed", payout)
    return payout
