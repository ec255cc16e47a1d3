"""Stripe events for tests, built from Stripe's official example objects
(../shared/stripe/fixtures3.json) with our ids, amounts and metadata, and signed
exactly as Stripe signs them."""

import copy
import hashlib
import hmac
import json
import secrets
import time
from functools import cache
from pathlib import Path
from typing import Any

import stripe
from django.conf import settings

import stripe_emulator
from donations.models import CheckoutIntent

SHARED_FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "stripe" / "fixtures3.json"
# The emulator vendors the subset of those examples it serves, unchanged; a clone
# without ../shared beside it builds its events from that copy.
VENDORED_FIXTURES = Path(stripe_emulator.__file__).with_name("fixtures.json")
FIXTURES = SHARED_FIXTURES if SHARED_FIXTURES.exists() else VENDORED_FIXTURES

Payload = dict[str, Any]


@cache
def _fixtures() -> dict[str, Payload]:
    return json.loads(FIXTURES.read_text())["resources"]


def fixture(name: str, **overrides: Any) -> Payload:
    obj = copy.deepcopy(_fixtures()[name])
    obj.update(overrides)
    return obj


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def event(
    event_type: str, obj: Payload, *, created: int | None = None, **overrides: Any
) -> Payload:
    fields = {
        "id": new_id("evt"),
        "type": event_type,
        "api_version": str(stripe.api_version),
        "created": created if created is not None else int(time.time()),
        "data": {"object": obj},
        **overrides,
    }
    return fixture("event", **fields)


def intent_metadata(intent: CheckoutIntent) -> dict[str, str]:
    return {
        "checkout_intent_id": str(intent.pk),
        "campaign_id": str(intent.campaign_id or ""),
    }


def checkout_session(
    intent: CheckoutIntent,
    *,
    payment_status: str = "paid",
    payment_intent: str | None = None,
    subscription: str | None = None,
    customer: str | None = None,
) -> Payload:
    monthly = subscription is not None
    return fixture(
        "checkout.session",
        id=intent.stripe_session_id or new_id("cs_test"),
        client_reference_id=str(intent.pk),
        metadata=intent_metadata(intent),
        mode="subscription" if monthly else "payment",
        submit_type=None if monthly else "donate",
        status="complete",
        payment_status=payment_status,
        payment_intent=None if monthly else (payment_intent or new_id("pi")),
        subscription=subscription,
        customer=customer or f"cus_for_{intent.donor_id}",
        amount_total=intent.amount_minor,
        currency=intent.currency.lower(),
    )


def invoice(
    intent: CheckoutIntent,
    *,
    subscription: str,
    amount_paid: int | None = None,
    billing_reason: str = "subscription_create",
    status: str = "paid",
    period_end: int | None = None,
) -> Payload:
    amount = intent.amount_minor if amount_paid is None else amount_paid
    obj = fixture(
        "invoice",
        id=new_id("in"),
        customer="cus_test_donor",
        amount_due=amount,
        amount_paid=amount if status == "paid" else 0,
        amount_remaining=0 if status == "paid" else amount,
        currency=intent.currency.lower(),
        billing_reason=billing_reason,
        status=status,
        parent={
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {
                "subscription": subscription,
                "metadata": intent_metadata(intent),
            },
        },
    )
    line = obj["lines"]["data"][0]
    line["amount"] = amount
    line["currency"] = intent.currency.lower()
    line["period"] = {"start": int(time.time()), "end": period_end or int(time.time()) + 2_678_400}
    return obj


def subscription(
    intent: CheckoutIntent, *, sub_id: str, status: str = "active", pause: bool = False
) -> Payload:
    obj = fixture(
        "subscription",
        id=sub_id,
        status=status,
        metadata=intent_metadata(intent),
        pause_collection={"behavior": "void", "resumes_at": None} if pause else None,
        currency=intent.currency.lower(),
    )
    obj["items"]["data"][0]["price"]["unit_amount"] = intent.amount_minor
    return obj


def charge(
    *, payment_intent: str, amount: int, amount_refunded: int, currency: str = "sek"
) -> Payload:
    return fixture(
        "charge",
        id=new_id("ch"),
        payment_intent=payment_intent,
        amount=amount,
        amount_captured=amount,
        amount_refunded=amount_refunded,
        refunded=amount_refunded >= amount,
        currency=currency,
    )


def dispute(
    *,
    dispute_id: str,
    payment_intent: str,
    amount: int,
    status: str = "needs_response",
    currency: str = "sek",
    withdrawn: bool = False,
    reinstated: bool = False,
    fee: int = 20000,
    livemode: bool = False,
) -> Payload:
    """A dispute snapshot; ``withdrawn`` / ``reinstated`` add the balance transactions
    Stripe lists on the dispute when the funds move (the fee goes with the withdrawal)."""
    transactions = []
    if withdrawn:
        transactions.append(dispute_transaction(dispute_id, -amount, fee, "dispute"))
    if reinstated:
        transactions.append(dispute_transaction(dispute_id, amount, 0, "dispute_reversal"))
    return fixture(
        "dispute",
        id=dispute_id,
        charge=f"ch_for_{payment_intent}",
        payment_intent=payment_intent,
        amount=amount,
        currency=currency,
        status=status,
        reason="fraudulent",
        livemode=livemode,
        balance_transactions=transactions,
    )


def dispute_transaction(dispute_id: str, amount: int, fee: int, category: str) -> Payload:
    return fixture(
        "balance_transaction",
        id=new_id("txn"),
        amount=amount,
        fee=fee,
        net=amount - fee,
        currency="sek",
        type="adjustment",
        reporting_category=category,
        source=dispute_id,
    )


def payout(
    *, payout_id: str, amount: int, status: str, currency: str = "sek", **fields: Any
) -> Payload:
    return fixture(
        "payout", id=payout_id, amount=amount, status=status, currency=currency, **fields
    )


def signature_header(
    payload: bytes, *, secret: str | None = None, timestamp: int | None = None
) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = secret or settings.STRIPE_WEBHOOK_SECRET
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def post_event(client, evt: Payload, **signature_options: Any):
    """Deliver an event to our webhook endpoint as Stripe would."""
    payload = json.dumps(evt).encode()
    return client.post(
        "/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(payload, **signature_options),
    )
