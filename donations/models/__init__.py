"""The gift ledger's data: donors, checkouts, monthly plans, gifts, refunds, disputes,
payouts and their balance transactions, and the Stripe events everything is derived
from (one module per concept)."""

from .aggregates import (
    DailyAmountCount,
    DailyGiftTotal,
    ExportLog,
    MonthlyAmountCount,
    MonthlyGiftTotal,
)
from .consents import Consent, ConsentIsAppendOnly, ConsentSource, ConsentTopic
from .donors import CURRENCY_CHOICES, CheckoutIntent, Donor, Frequency, TributeKind
from .exports import ExportedPeriod, PreparedExport
from .finance import (
    OPEN_DISPUTE_STATUSES,
    BalanceTransaction,
    Dispute,
    DisputeStatus,
    Payout,
    PayoutStatus,
    ReconciliationStatus,
)
from .gifts import (
    ALLOWED_GIFT_TRANSITIONS,
    Gift,
    GiftStatus,
    InvalidGiftTransition,
    ReceiptCounter,
    Refund,
    RefundStatus,
)
from .plans import FailedRenewal, PlanChange, RecurringPlan
from .refund_requests import RefundRequest, RefundRequestState
from .statements import YearlyStatementSent
from .tax import TaxReductionClaim
from .webhooks import WebhookDispatch, WebhookEvent

__all__ = [
    "ALLOWED_GIFT_TRANSITIONS",
    "CURRENCY_CHOICES",
    "OPEN_DISPUTE_STATUSES",
    "BalanceTransaction",
    "CheckoutIntent",
    "Consent",
    "ConsentIsAppendOnly",
    "ConsentSource",
    "ConsentTopic",
    "DailyAmountCount",
    "DailyGiftTotal",
    "Dispute",
    "DisputeStatus",
    "Donor",
    "ExportLog",
    "ExportedPeriod",
    "FailedRenewal",
    "Frequency",
    "Gift",
    "GiftStatus",
    "InvalidGiftTransition",
    "MonthlyAmountCount",
    "MonthlyGiftTotal",
    "Payout",
    "PayoutStatus",
    "PlanChange",
    "PreparedExport",
    "ReceiptCounter",
    "ReconciliationStatus",
    "RecurringPlan",
    "Refund",
    "RefundRequest",
    "RefundRequestState",
    "RefundStatus",
    "TaxReductionClaim",
    "TributeKind",
    "WebhookDispatch",
    "WebhookEvent",
    "YearlyStatementSent",
]
