"""Stripe's codes for balance transaction types, reporting categories, dispute and
refund reasons, as labels a person reads; an unknown code shows as itself."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

# Balance transaction types and reporting categories share most codes.
BALANCE_TERMS = {
    "adjustment": pgettext_lazy("stripe term", "Adjustment"),
    "application_fee": pgettext_lazy("stripe term", "Application fee"),
    "charge": pgettext_lazy("stripe term", "Charge"),
    "dispute": pgettext_lazy("stripe term", "Dispute"),
    "dispute_reversal": pgettext_lazy("stripe term", "Dispute reversal"),
    "fee": pgettext_lazy("stripe term", "Fee"),
    "other_adjustment": pgettext_lazy("stripe term", "Other adjustment"),
    "payment": pgettext_lazy("stripe term", "Payment"),
    "payment_refund": pgettext_lazy("stripe term", "Refund"),
    "payout": pgettext_lazy("stripe term", "Payout"),
    "payout_cancel": pgettext_lazy("stripe term", "Cancelled payout"),
    "payout_failure": pgettext_lazy("stripe term", "Failed payout"),
    "payout_reversal": pgettext_lazy("stripe term", "Returned payout"),
    "refund": pgettext_lazy("stripe term", "Refund"),
    "refund_failure": pgettext_lazy("stripe term", "Failed refund"),
    "stripe_fee": pgettext_lazy("stripe term", "Stripe fee"),
    "tax": pgettext_lazy("stripe term", "Tax"),
    "transfer": pgettext_lazy("stripe term", "Transfer"),
}

DISPUTE_REASONS = {
    "bank_cannot_process": pgettext_lazy("dispute reason", "Bank cannot process"),
    "credit_not_processed": pgettext_lazy("dispute reason", "Credit not processed"),
    "customer_initiated": pgettext_lazy("dispute reason", "Started by the cardholder"),
    "debit_not_authorized": pgettext_lazy("dispute reason", "Debit not authorised"),
    "duplicate": pgettext_lazy("dispute reason", "Duplicate"),
    "fraudulent": pgettext_lazy("dispute reason", "Fraudulent"),
    "general": pgettext_lazy("dispute reason", "General"),
    "incorrect_account_details": pgettext_lazy("dispute reason", "Incorrect account details"),
    "insufficient_funds": pgettext_lazy("dispute reason", "Insufficient funds"),
    "product_not_received": pgettext_lazy("dispute reason", "Product not received"),
    "product_unacceptable": pgettext_lazy("dispute reason", "Product unacceptable"),
    "subscription_canceled": pgettext_lazy("dispute reason", "Subscription cancelled"),
    "unrecognized": pgettext_lazy("dispute reason", "Not recognised"),
}

REFUND_REASONS = {
    "duplicate": pgettext_lazy("refund reason", "Duplicate payment"),
    "fraudulent": pgettext_lazy("refund reason", "Fraudulent"),
    "requested_by_customer": pgettext_lazy("refund reason", "Asked for by the donor"),
    "expired_uncaptured_charge": pgettext_lazy("refund reason", "Payment never captured"),
}


def balance_term(code: str) -> str:
    return str(BALANCE_TERMS.get(code, code))


def dispute_reason(code: str) -> str:
    return str(DISPUTE_REASONS.get(code, code))


def refund_reason(code: str) -> str:
    return str(REFUND_REASONS.get(code, code))
