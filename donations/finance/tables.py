"""The columns of each finance list as CSV: translated headers, amounts in major
units (``250.00``) with their currency, never öre, and times as local wall-clock time
(``2026-03-10 13:00``), as the dashboards' exports write them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fundraising.money import minor_to_major

from ..models import BalanceTransaction, Dispute, Payout, Refund
from .csv_export import CHUNK_SIZE

Row = Sequence[object]


def _major(amount_minor: int | None) -> object:
    return "" if amount_minor is None else minor_to_major(amount_minor)


def _moment(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _rows(queryset: QuerySet, row) -> Iterator[Row]:
    return (row(item) for item in queryset.iterator(chunk_size=CHUNK_SIZE))


def payout_header() -> list[str]:
    return [
        _("Payout"),
        _("Status"),
        _("Arrival date"),
        _("Amount"),
        _("Currency"),
        _("Reconciliation"),
        _("Difference"),
        _("Unmatched lines"),
    ]


def payout_rows(payouts: QuerySet[Payout]) -> Iterable[Row]:
    return _rows(
        payouts,
        lambda payout: [
            payout.stripe_payout_id,
            payout.get_status_display(),
            payout.arrival_date,
            _major(payout.amount_minor),
            payout.currency,
            payout.get_reconciliation_status_display(),
            _major(payout.difference_minor),
            payout.unmatched_line_count,
        ],
    )


def line_header() -> list[str]:
    return [
        _("Balance transaction"),
        _("Payout"),
        _("Created"),
        _("Type"),
        _("Reporting category"),
        _("Gross"),
        _("Fee"),
        _("Net"),
        _("Currency"),
        _("Exchange rate"),
        _("Gift"),
        _("Receipt"),
        _("Stripe refund"),
        _("Dispute"),
        _("Matched"),
        _("Description"),
    ]


def line_rows(lines: QuerySet[BalanceTransaction]) -> Iterable[Row]:
    return _rows(lines, _line_row)


def _line_row(line: BalanceTransaction) -> Row:
    gift = line.gift
    return [
        line.stripe_balance_transaction_id,
        line.payout.stripe_payout_id if line.payout else "",
        _moment(line.stripe_created_at),
        line.type,
        line.reporting_category,
        _major(line.amount_minor),
        _major(line.fee_minor),
        _major(line.net_minor),
        line.currency.upper(),
        line.exchange_rate or "",
        gift.pk if gift else "",
        gift.receipt_reference if gift else "",
        line.refund.stripe_refund_id if line.refund else "",
        line.dispute.stripe_dispute_id if line.dispute else "",
        _("yes") if line.matched else _("no"),
        line.description,
    ]


def dispute_header() -> list[str]:
    return [
        _("Dispute"),
        _("Gift"),
        _("Status"),
        _("Reason"),
        _("Amount"),
        _("Currency"),
        _("Evidence due by"),
        _("Opened"),
        _("Withheld"),
        _("Dispute fee"),
    ]


def dispute_rows(disputes: QuerySet[Dispute]) -> Iterable[Row]:
    return _rows(
        disputes,
        lambda dispute: [
            dispute.stripe_dispute_id,
            dispute.gift_id,
            dispute.get_status_display(),
            dispute.reason,
            _major(dispute.amount_minor),
            dispute.currency,
            _moment(dispute.evidence_due_by),
            _moment(dispute.opened_at),
            _major(dispute.withheld_minor),
            _major(dispute.fee_minor),
        ],
    )


def refund_header() -> list[str]:
    return [
        _("Stripe refund"),
        _("Gift"),
        _("Amount"),
        _("Currency"),
        _("Refunded"),
        _("Requested by"),
        _("Reason"),
        _("Status"),
        _("Failed"),
    ]


def refund_rows(refunds: QuerySet[Refund]) -> Iterable[Row]:
    return _rows(
        refunds,
        lambda refund: [
            refund.stripe_refund_id,
            refund.gift_id,
            _major(refund.amount_minor),
            refund.currency,
            _moment(refund.created_at),
            refund.created_by.email if refund.created_by else "",
            refund.reason,
            refund.get_status_display(),
            _moment(refund.failed_at),
        ],
    )
