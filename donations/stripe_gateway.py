"""Every call to Stripe's API goes through this module.

The product talks to Stripe, or to the local emulator when no keys are set, with
the official SDK; only the API base differs. Parameters are the SDK's own typed
dictionaries so mypy checks each call against the pinned API version.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

import stripe
from django.conf import settings
from stripe.params import (
    BalanceTransactionListParams,
    RefundCreateParams,
    SubscriptionCancelParams,
    SubscriptionUpdateParams,
    SubscriptionUpdateParamsPauseCollection,
)
from stripe.params.billing_portal import SessionCreateParams as PortalSessionCreateParams
from stripe.params.checkout import SessionCreateParams, SessionCreateParamsLineItemPriceData

from .stripe_records import parse_exchange_rate

StripeError = stripe.StripeError
APIConnectionError = stripe.APIConnectionError
RateLimitError = stripe.RateLimitError
InvalidRequestError = stripe.InvalidRequestError


class InvalidWebhook(Exception):
    """The request is not a genuine, fresh Stripe event (signature, age or JSON)."""


@dataclass(frozen=True)
class CheckoutSessionRef:
    id: str
    url: str


@dataclass(frozen=True)
class PaymentDetails:
    """What Stripe knows about a settled payment: the charge, its fee and what it became
    in the settlement currency (with the exchange rate when it was converted)."""

    payment_intent_id: str
    charge_id: str
    balance_transaction_id: str
    fee_minor: int | None
    settlement_amount_minor: int | None = None
    settlement_currency: str = ""
    exchange_rate: Decimal | None = None


@lru_cache(maxsize=1)
def _client(api_key: str, api_base: str) -> stripe.StripeClient:
    return stripe.StripeClient(
        api_key, base_addresses={"api": api_base or None}, max_network_retries=2
    )


def client() -> stripe.StripeClient:
    """The SDK client for the configured keys (the emulator's base URL when no keys are set)."""
    return _client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)


def pinned_api_version() -> str:
    return str(stripe.api_version)


def create_checkout_session(
    *,
    reference: str,
    amount_minor: int,
    currency: str,
    monthly: bool,
    product_name: str,
    customer_email: str,
    customer_id: str | None,
    locale: str,
    metadata: dict[str, str],
    success_url: str,
    cancel_url: str,
) -> CheckoutSessionRef:
    """A Checkout Session for one gift: ``payment`` mode with ``submit_type=donate`` for a
    one-off gift, ``subscription`` mode with inline monthly ``price_data`` for a monthly one.
    The reference (our CheckoutIntent id) doubles as the idempotency key."""
    price_data: SessionCreateParamsLineItemPriceData = {
        "currency": currency.lower(),
        "unit_amount": amount_minor,
        "product_data": {"name": product_name},
    }
    if monthly:
        price_data["recurring"] = {"interval": "month"}
    params: SessionCreateParams = {
        "client_reference_id": reference,
        "locale": "sv" if locale == "sv" else "en",
        "metadata": metadata,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "line_items": [{"quantity": 1, "price_data": price_data}],
    }
    if customer_id:
        params["customer"] = customer_id
    else:
        params["customer_email"] = customer_email
    if monthly:
        params["mode"] = "subscription"
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["mode"] = "payment"
        params["submit_type"] = "donate"
        params["payment_intent_data"] = {"metadata": metadata}
        if not customer_id:
            params["customer_creation"] = "always"
    session = client().v1.checkout.sessions.create(
        params, {"idempotency_key": f"checkout-session-{reference}"}
    )
    if not session.url:
        raise InvalidStripeResponse("Checkout Session without a URL")
    return CheckoutSessionRef(id=session.id, url=session.url)


class InvalidStripeResponse(Exception):
    """Stripe answered with something the product cannot use."""


def expire_checkout_session(session_id: str) -> None:
    """Close an unpaid session so an abandoned page can no longer be paid."""
    session = client().v1.checkout.sessions.retrieve(session_id)
    if session.status == "open":
        client().v1.checkout.sessions.expire(session_id)


def payment_details_for_payment_intent(payment_intent_id: str) -> PaymentDetails:
    """The charge and Stripe's fee behind a payment intent."""
    intent = client().v1.payment_intents.retrieve(
        payment_intent_id, {"expand": ["latest_charge.balance_transaction"]}
    )
    charge = intent.latest_charge
    if not isinstance(charge, stripe.Charge):
        raise InvalidStripeResponse(f"{payment_intent_id} has no charge yet")
    balance = charge.balance_transaction
    if not isinstance(balance, stripe.BalanceTransaction):
        return PaymentDetails(intent.id, charge.id, "", None)
    return PaymentDetails(
        payment_intent_id=intent.id,
        charge_id=charge.id,
        balance_transaction_id=balance.id,
        fee_minor=balance.fee,
        settlement_amount_minor=balance.amount,
        settlement_currency=balance.currency.upper(),
        exchange_rate=parse_exchange_rate(balance.exchange_rate),
    )


def payment_intent_for_invoice(invoice_id: str) -> str | None:
    """The payment intent that paid an invoice (invoices list their payments separately)."""
    payments = client().v1.invoice_payments.list({"invoice": invoice_id, "limit": 10})
    for payment in payments.data:
        if payment.status == "paid" and payment.payment.payment_intent:
            intent = payment.payment.payment_intent
            return intent if isinstance(intent, str) else intent.id
    return None


def invoice_for_payment_intent(payment_intent_id: str) -> str | None:
    """The invoice a payment intent paid, if it paid one (for refunds of installments)."""
    payments = client().v1.invoice_payments.list(
        {"payment": {"type": "payment_intent", "payment_intent": payment_intent_id}, "limit": 1}
    )
    for payment in payments.data:
        return payment.invoice if isinstance(payment.invoice, str) else payment.invoice.id
    return None


def payout_balance_transactions(payout_id: str) -> Iterator[dict[str, Any]]:
    """Every balance transaction a payout settled (and the payout's own), page after
    page, each with its source expanded so refunds and disputes lead to their charge.
    Plain dicts: ``stripe_records.parse_balance_transaction`` reads them."""
    params: BalanceTransactionListParams = {
        "payout": payout_id,
        "limit": 100,
        "expand": ["data.source"],
    }
    for txn in client().v1.balance_transactions.list(params).auto_paging_iter():
        yield txn.to_dict()


@dataclass(frozen=True)
class RefundRef:
    """What Stripe answered to a refund: its id, status and, if it failed, why."""

    id: str
    status: str
    failure_reason: str


def create_refund(
    *,
    charge_id: str | None,
    payment_intent_id: str | None,
    amount_minor: int,
    metadata: dict[str, str],
    idempotency_key: str,
) -> RefundRef:
    """Refund part or all of a gift's charge (or its payment intent's charge when the
    charge is not known yet). The idempotency key makes a repeated call return the
    same refund instead of refunding twice."""
    params: RefundCreateParams = {"amount": amount_minor, "metadata": metadata}
    if charge_id:
        params["charge"] = charge_id
    elif payment_intent_id:
        params["payment_intent"] = payment_intent_id
    else:
        raise ValueError("a refund needs a charge or a payment intent")
    refund = client().v1.refunds.create(params, {"idempotency_key": idempotency_key})
    return RefundRef(
        id=refund.id,
        status=refund.status or "",
        failure_reason=getattr(refund, "failure_reason", None) or "",
    )


def create_billing_portal_session(customer_id: str, return_url: str) -> str:
    """A link where the donor updates their card on Stripe's own page."""
    params: PortalSessionCreateParams = {"customer": customer_id, "return_url": return_url}
    return client().v1.billing_portal.sessions.create(params).url


def change_subscription_amount(
    subscription_id: str, amount_minor: int, currency: str, *, idempotency_key: str
) -> None:
    """From the next charge on, charge ``amount_minor`` a month: a new inline price on the
    subscription's item, same product, no proration for the current month."""
    subscription = client().v1.subscriptions.retrieve(subscription_id)
    item = subscription["items"].data[0]
    product = item.price.product
    params: SubscriptionUpdateParams = {
        "items": [
            {
                "id": item.id,
                "price_data": {
                    "currency": currency.lower(),
                    "product": product if isinstance(product, str) else product.id,
                    "unit_amount": amount_minor,
                    "recurring": {"interval": "month"},
                },
            }
        ],
        "proration_behavior": "none",
    }
    client().v1.subscriptions.update(subscription_id, params, {"idempotency_key": idempotency_key})


def pause_subscription(
    subscription_id: str, resumes_at: datetime | None, *, idempotency_key: str
) -> None:
    """Stop collecting (each invoice meanwhile is voided, so nothing is owed later) until
    ``resumes_at``, or until resumed when it is None."""
    pause: SubscriptionUpdateParamsPauseCollection = {"behavior": "void"}
    if resumes_at is not None:
        pause["resumes_at"] = int(resumes_at.timestamp())
    params: SubscriptionUpdateParams = {"pause_collection": pause}
    client().v1.subscriptions.update(subscription_id, params, {"idempotency_key": idempotency_key})


def resume_subscription(subscription_id: str, *, idempotency_key: str) -> None:
    """Collect again from the next charge (an empty ``pause_collection`` clears it)."""
    params: SubscriptionUpdateParams = {"pause_collection": ""}
    client().v1.subscriptions.update(subscription_id, params, {"idempotency_key": idempotency_key})


def keep_subscription(subscription_id: str, *, idempotency_key: str) -> None:
    """Undo a cancellation scheduled for the period end (the billing portal's)."""
    params: SubscriptionUpdateParams = {"cancel_at_period_end": False}
    client().v1.subscriptions.update(subscription_id, params, {"idempotency_key": idempotency_key})


def cancel_subscription(subscription_id: str, reason: str, *, idempotency_key: str) -> None:
    """End the subscription now, keeping the donor's reason with it.

    Cancelling is a DELETE, which Stripe does not make idempotent: a subscription already
    cancelled (a retry after an answer was lost) counts as done."""
    params: SubscriptionCancelParams = {}
    if reason:
        params["cancellation_details"] = {"comment": reason}
    try:
        client().v1.subscriptions.cancel(
            subscription_id, params, {"idempotency_key": idempotency_key}
        )
    except InvalidRequestError:
        if client().v1.subscriptions.retrieve(subscription_id).status != "canceled":
            raise


def delete_customer(customer_id: str) -> None:
    """Remove a customer and what Stripe holds about them (name, email, cards); a customer
    already deleted counts as done."""
    try:
        client().v1.customers.delete(customer_id)
    except InvalidRequestError as exc:
        if exc.code != "resource_missing":
            raise


@dataclass(frozen=True)
class VerifiedEvent:
    """A genuine Stripe event: its raw JSON as delivered, and that JSON parsed."""

    raw: str
    event: dict[str, Any]


def verify_webhook(payload: bytes, signature: str | None) -> VerifiedEvent:
    """Check Stripe's signature and timestamp with the SDK and parse the event.

    The raw text (not an SDK object) is what we store, so an event can be replayed
    byte-for-byte later."""
    if not signature:
        raise InvalidWebhook("missing Stripe-Signature header")
    try:
        raw = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(
            raw,
            signature,
            settings.STRIPE_WEBHOOK_SECRET,
            settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
        event = json.loads(raw)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidWebhook(str(exc)) from exc
    if not isinstance(event, dict) or not isinstance(event.get("id"), str):
        raise InvalidWebhook("not an event object")
    return VerifiedEvent(raw=raw, event=event)
