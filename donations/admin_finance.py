"""Admin for disputes, payouts and their balance transactions: read-only, like the
rest of the ledger (they change only through Stripe's events and the services)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from fundraising.admin import (
    ExactSearchMixin,
    LargeListMixin,
    ReadOnlyAdmin,
    money_column,
    stripe_ids,
)

from .models import BalanceTransaction, Dispute, Payout


@admin.register(Dispute)
class DisputeAdmin(ExactSearchMixin, ReadOnlyAdmin):
    list_display = ["opened_at", "stripe_dispute_id", "gift", "amount", "status", "evidence_due_by"]
    list_filter = ["status"]
    search_fields = ["stripe_dispute_id"]
    search_kinds = [stripe_ids(dp_="stripe_dispute_id", ch_="stripe_charge_id")]
    sortable_by = ["opened_at", "evidence_due_by"]
    list_select_related = ["gift"]
    amount = money_column("amount_minor", _("disputed amount"))


@admin.register(Payout)
class PayoutAdmin(ExactSearchMixin, ReadOnlyAdmin):
    list_display = [
        "arrival_date",
        "stripe_payout_id",
        "amount",
        "status",
        "reconciliation_status",
        "difference_minor",
        "unmatched_line_count",
    ]
    list_filter = ["status", "reconciliation_status"]
    search_fields = ["stripe_payout_id"]
    search_kinds = [stripe_ids(po_="stripe_payout_id")]
    sortable_by = ["arrival_date"]
    amount = money_column("amount_minor", _("amount"))


@admin.register(BalanceTransaction)
class BalanceTransactionAdmin(LargeListMixin, ExactSearchMixin, ReadOnlyAdmin):
    list_display = [
        "stripe_created_at",
        "stripe_balance_transaction_id",
        "type",
        "reporting_category",
        "gross",
        "fee",
        "net",
        "exchange_rate",
        "payout",
        "matched",
    ]
    list_filter = ["matched", "type"]
    search_fields = ["stripe_balance_transaction_id", "source_id"]
    search_kinds = [
        stripe_ids(
            txn_="stripe_balance_transaction_id",
            po_="payout__stripe_payout_id",
            ch_="source_id",
            re_="source_id",
            dp_="source_id",
        )
    ]
    sortable_by = ["stripe_created_at"]
    list_select_related = ["payout"]
    gross = money_column("amount_minor", _("gross"))
    fee = money_column("fee_minor", _("fee"))
    net = money_column("net_minor", _("net"))
