"""Reads for the finance pages beyond payouts: refunds (done, and asked for but not
done), open disputes by deadline, and one gift with everything that happened to it."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from ..models import (
    OPEN_DISPUTE_STATUSES,
    BalanceTransaction,
    Dispute,
    Gift,
    Refund,
    RefundRequest,
    RefundRequestState,
)


def refunds() -> QuerySet[Refund]:
    """Refunds Stripe made (from the product or its dashboard), newest first."""
    return Refund.objects.select_related("created_by", "gift").order_by("-created_at", "-pk")


def unsettled_refund_requests() -> QuerySet[RefundRequest]:
    """Requests Stripe has not refunded: still waiting, or failed."""
    return (
        RefundRequest.objects.exclude(state=RefundRequestState.SUCCEEDED)
        .select_related("requested_by", "gift")
        .order_by("-requested_at", "-pk")
    )


def open_disputes() -> QuerySet[Dispute]:
    """Open disputes, the soonest evidence deadline first (those without one last)."""
    return (
        Dispute.objects.filter(status__in=OPEN_DISPUTE_STATUSES)
        .select_related("gift__campaign")
        .order_by(F("evidence_due_by").asc(nulls_last=True), "opened_at", "pk")
    )


def gift_for_finance(pk: int) -> Gift:
    """One gift with its campaign, donor, plan, refunds, requests, disputes and lines."""
    return (
        Gift.objects.select_related("campaign", "donor", "plan")
        .prefetch_related(
            Prefetch("refunds", queryset=Refund.objects.select_related("created_by")),
            Prefetch(
                "refund_requests",
                queryset=RefundRequest.objects.select_related("requested_by", "refund"),
            ),
            Prefetch("disputes", queryset=Dispute.objects.order_by("-opened_at")),
            Prefetch(
                "balance_transactions",
                queryset=BalanceTransaction.objects.select_related("payout").order_by(
                    "stripe_created_at", "pk"
                ),
            ),
        )
        .get(pk=pk)
    )
