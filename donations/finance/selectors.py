"""Reads for finance pages and exports: payouts with their reconciliation, their lines
with what each belongs to, disputes, and lines no payout reconciles. Each returns a
queryset that costs a fixed number of queries however many rows it has."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet, Sum

from ..models import (
    OPEN_DISPUTE_STATUSES,
    BalanceTransaction,
    Dispute,
    Payout,
    ReconciliationStatus,
)


def payouts(*, since: date | None = None, until: date | None = None) -> QuerySet[Payout]:
    """Payouts, newest arrival first, optionally those arriving within the dates."""
    queryset = Payout.objects.all()
    if since:
        queryset = queryset.filter(arrival_date__gte=since)
    if until:
        queryset = queryset.filter(arrival_date__lte=until)
    return queryset.order_by("-arrival_date", "-pk")


def payouts_not_reconciled() -> QuerySet[Payout]:
    """Paid payouts that do not balance, have unmatched lines, or were never checked."""
    return (
        Payout.objects.filter(status=Payout.Status.PAID)
        .exclude(reconciliation_status=ReconciliationStatus.BALANCED)
        .order_by("-arrival_date", "-pk")
    )


def payout_lines(payout: Payout) -> QuerySet[BalanceTransaction]:
    """A payout's lines in Stripe's order, each with its gift (and the gift's campaign
    and donor), refund and dispute loaded."""
    return (
        BalanceTransaction.objects.filter(payout=payout)
        .select_related("gift__campaign", "gift__donor", "refund__gift", "dispute__gift")
        .order_by("stripe_created_at", "pk")
    )


def unmatched_lines() -> QuerySet[BalanceTransaction]:
    """Every stored line not tied to one of our gifts, refunds or disputes."""
    return (
        BalanceTransaction.objects.filter(matched=False)
        .select_related("payout")
        .order_by("-stripe_created_at", "-pk")
    )


def disputes(*, open_only: bool = False) -> QuerySet[Dispute]:
    """Disputes, those with the nearest evidence deadline first."""
    queryset = Dispute.objects.select_related("gift__campaign", "gift__donor")
    if open_only:
        queryset = queryset.filter(status__in=OPEN_DISPUTE_STATUSES)
    return queryset.order_by("evidence_due_by", "-opened_at")


def lines_in_period(since: date, until: date) -> QuerySet[BalanceTransaction]:
    """Stored lines created at Stripe within the dates (both included), oldest first."""
    return (
        BalanceTransaction.objects.filter(
            stripe_created_at__date__gte=since, stripe_created_at__date__lte=until
        )
        .select_related("gift__campaign", "refund", "dispute", "payout")
        .order_by("stripe_created_at", "pk")
    )


def settlement_totals(lines: QuerySet[BalanceTransaction]) -> dict[tuple[str, str], dict]:
    """Gross, fee and net per (reporting category, settlement currency) of some lines."""
    rows = (
        lines.order_by()
        .values("reporting_category", "currency")
        .annotate(gross=Sum("amount_minor"), fee=Sum("fee_minor"), net=Sum("net_minor"))
    )
    return {
        (row["reporting_category"], row["currency"]): {
            "gross_minor": row["gross"],
            "fee_minor": row["fee"],
            "net_minor": row["net"],
        }
        for row in rows
    }
