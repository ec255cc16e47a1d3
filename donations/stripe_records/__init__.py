"""Incoming Stripe objects, parsed once at the edge into small typed records.

Webhook payloads are read here and nowhere else: the ledger receives these
records, so a change in Stripe's payload shape touches this one package (one module
per family of Stripe objects). A payload that lacks what a record needs raises
``MalformedStripeObject``; the event keeps that error and the dispatcher moves on
to the next one.
"""

from ._fields import MalformedStripeObject, Payload
from .billing import Invoice, Subscription, parse_invoice, parse_subscription
from .checkout import (
    REFUND_REQUEST_METADATA,
    Charge,
    CheckoutSession,
    Customer,
    Refund,
    parse_charge,
    parse_checkout_session,
    parse_customer,
    parse_refund,
)
from .events import EventEnvelope, event_created, event_object, parse_envelope
from .finance import (
    BalanceTransaction,
    Dispute,
    Payout,
    parse_balance_transaction,
    parse_dispute,
    parse_exchange_rate,
    parse_payout,
)

__all__ = [
    "REFUND_REQUEST_METADATA",
    "BalanceTransaction",
    "Charge",
    "CheckoutSession",
    "Customer",
    "Dispute",
    "EventEnvelope",
    "Invoice",
    "MalformedStripeObject",
    "Payload",
    "Payout",
    "Refund",
    "Subscription",
    "event_created",
    "event_object",
    "parse_balance_transaction",
    "parse_charge",
    "parse_checkout_session",
    "parse_customer",
    "parse_dispute",
    "parse_envelope",
    "parse_exchange_rate",
    "parse_invoice",
    "parse_payout",
    "parse_refund",
    "parse_subscription",
]
