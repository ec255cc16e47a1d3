"""Reconciling a payout: its lines (charges - fees - refunds - disputes +/- adjustments)
must add up to the payout's amount to the öre, and every line must be matched to one of
our records. The result is stored on the payout as it is: the exact difference and the
number of unmatched lines, never rounded or hidden."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from .. import stripe_gateway
from ..models import BalanceTransaction, Payout, ReconciliationStatus
from ..stripe_records import BalanceTransaction as LineRecord
from ..stripe_records import parse_balance_transaction
from .lines import PAYOUT_TYPES, store_payout_lines

LineSource = Callable[[str], Iterable[dict]]


@dataclass(frozen=True)
class CategoryTotal:
    """The lines of one reporting category (``charge``, ``refund``, ``dispute``, ...)."""

    category: str
    count: int
    gross_minor: int
    fee_minor: int
    net_minor: int


@dataclass(frozen=True)
class Reconciliation:
    payout: Payout
    lines_net_minor: int
    difference_minor: int
    unmatched: list[BalanceTransaction] = field(default_factory=list)
    categories: list[CategoryTotal] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.difference_minor:
            return ReconciliationStatus.UNBALANCED
        if self.unmatched:
            return ReconciliationStatus.UNMATCHED
        return ReconciliationStatus.BALANCED

    @property
    def balanced(self) -> bool:
        return self.status == ReconciliationStatus.BALANCED


def fetch_and_reconcile(
    payout: Payout, source: LineSource = stripe_gateway.payout_balance_transactions
) -> Reconciliation:
    """Fetch the payout's balance transactions from Stripe, store them and reconcile."""
    records = (parse_balance_transaction(txn) for txn in source(payout.stripe_payout_id))
    return store_and_reconcile(payout, records)


def store_and_reconcile(payout: Payout, records: Iterable[LineRecord]) -> Reconciliation:
    with transaction.atomic():
        store_payout_lines(payout, records)
        return reconcile_payout(payout)


def reconcile_payout(payout: Payout) -> Reconciliation:
    """Check the stored lines against the payout's amount and record the result."""
    payout = Payout.objects.get(pk=payout.pk)
    lines = payout.lines.exclude(type__in=PAYOUT_TYPES, source_id=payout.stripe_payout_id)
    lines_net = lines.aggregate(total=Sum("net_minor"))["total"] or 0
    result = Reconciliation(
        payout=payout,
        lines_net_minor=lines_net,
        difference_minor=lines_net - payout.amount_minor,
        unmatched=list(payout.lines.filter(matched=False).order_by("stripe_created_at", "pk")),
        categories=category_totals(payout),
    )
    Payout.objects.filter(pk=payout.pk).update(
        reconciliation_status=result.status,
        lines_net_minor=result.lines_net_minor,
        difference_minor=result.difference_minor,
        unmatched_line_count=len(result.unmatched),
        reconciled_at=timezone.now(),
    )
    payout.refresh_from_db()
    return result


def category_totals(payout: Payout) -> list[CategoryTotal]:
    rows = (
        BalanceTransaction.objects.filter(payout=payout)
        .values("reporting_category")
        .annotate(
            count=Count("pk"),
            gross=Sum("amount_minor"),
            fee=Sum("fee_minor"),
            net=Sum("net_minor"),
        )
        .order_by("reporting_category")
    )
    return [
        CategoryTotal(row["reporting_category"], row["count"], row["gross"], row["fee"], row["net"])
        for row in rows
    ]
