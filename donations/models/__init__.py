"""The gift ledger's data: donors, checkouts, monthly plans, gifts, refunds and the
Stripe events everything is derived from (one module per concept)."""

from .consents import Consent, ConsentIsAppendOnly, ConsentSource, ConsentTopic
from .donors import CURRENCY_CHOICES, CheckoutIntent, Donor, Frequency, TributeKind
from .gifts import (
    ALLOWED_GIFT_TRANSITIONS,
    Gift,
    GiftStatus,
    InvalidGiftTransition,
    ReceiptCounter,
    Refund,
)
from .plans import PlanChange, RecurringPlan
from .statements import YearlyStatementSent
from .webhooks import WebhookDispatch, WebhookEvent

__all__ = [
    "ALLOWED_GIFT_TRANSITIONS",
    "CURRENCY_CHOICES",
    "CheckoutIntent",
    "Consent",
    "ConsentIsAppendOnly",
    "ConsentSource",
    "ConsentTopic",
    "Donor",
    "Frequency",
    "Gift",
    "GiftStatus",
    "InvalidGiftTransition",
    "PlanChange",
    "ReceiptCounter",
    "RecurringPlan",
    "Refund",
    "TributeKind",
    "WebhookDispatch",
    "WebhookEvent",
    "YearlyStatementSent",
]
