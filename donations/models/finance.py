"""What happens to the money after a gift: disputes (chargebacks), payouts to the bank
and the Stripe balance transactions that make up each payout.

Every row carries the unique Stripe id it came from, so a duplicate or reordered
event can never count money twice. Amounts are integer minor units plus a currency;
exchange rates are Decimals (never floats)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fundraising.money import format_money

from .donors import CURRENCY_CHOICES
from .gifts import Gift, Refund


class DisputeStatus(models.TextChoices):
    """Stripe's dispute statuses (``warning_*`` are inquiries that move no money)."""

    WARNING_NEEDS_RESPONSE = "warning_needs_response", _("Inquiry: needs response")
    WARNING_UNDER_REVIEW = "warning_under_review", _("Inquiry: under review")
    WARNING_CLOSED = "warning_closed", _("Inquiry: closed")
    NEEDS_RESPONSE = "needs_response", _("Needs response")
    UNDER_REVIEW = "under_review", _("Under review")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    PREVENTED = "prevented", _("Prevented")


OPEN_DISPUTE_STATUSES = frozenset(
    {
        DisputeStatus.WARNING_NEEDS_RESPONSE,
        DisputeStatus.WARNING_UNDER_REVIEW,
        DisputeStatus.NEEDS_RESPONSE,
        DisputeStatus.UNDER_REVIEW,
    }
)


class Dispute(models.Model):
    """A donor's bank disputing a gift's charge (a chargeback); one row per Stripe dispute.

    ``amount_minor`` and the withdrawn / reinstated amounts are in the gift's currency;
    ``fee_minor`` (Stripe's dispute fee, net of any fee returned) is in the settlement
    currency of the balance transactions."""

    Status = DisputeStatus

    stripe_dispute_id = models.CharField(_("Stripe dispute"), max_length=64, unique=True)
    gift = models.ForeignKey(
        Gift, on_delete=models.PROTECT, related_name="disputes", verbose_name=_("gift")
    )
    stripe_charge_id = models.CharField(_("Stripe charge"), max_length=64)
    status = models.CharField(_("status"), max_length=32, choices=DisputeStatus.choices)
    reason = models.CharField(_("reason"), max_length=64, blank=True)
    amount_minor = models.PositiveBigIntegerField(_("disputed amount (öre/cents)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    evidence_due_by = models.DateTimeField(_("evidence due by"), null=True, blank=True)
    funds_withdrawn_minor = models.PositiveBigIntegerField(
        _("funds withdrawn (öre/cents)"), default=0
    )
    funds_reinstated_minor = models.PositiveBigIntegerField(
        _("funds reinstated (öre/cents)"), default=0
    )
    fee_minor = models.BigIntegerField(_("dispute fee (öre/cents)"), default=0)
    fee_currency = models.CharField(_("fee currency"), max_length=3, blank=True)
    livemode = models.BooleanField(_("live mode"), default=False)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    finance_notified_at = models.DateTimeField(_("finance staff notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["status", "evidence_due_by"])]

    def __str__(self) -> str:
        return self.stripe_dispute_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DISPUTE_STATUSES

    @property
    def withheld_minor(self) -> int:
        """What the dispute currently takes out of the gift (withdrawn, not reinstated)."""
        return max(self.funds_withdrawn_minor - self.funds_reinstated_minor, 0)


class PayoutStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_TRANSIT = "in_transit", _("In transit")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    CANCELED = "canceled", _("Canceled")


class ReconciliationStatus(models.TextChoices):
    NOT_CHECKED = "not_checked", _("Not checked yet")
    BALANCED = "balanced", _("Balanced")
    UNMATCHED = "unmatched", _("Balanced, with unmatched lines")
    UNBALANCED = "unbalanced", _("Does not balance")


class Payout(models.Model):
    """Money Stripe sends from the balance to the bank account; one row per payout.

    The reconciliation fields say whether the payout's balance transactions add up to
    its amount to the öre (``difference_minor`` = lines' net - amount) and how many
    lines are not matched to a gift, refund or dispute."""

    Status = PayoutStatus

    stripe_payout_id = models.CharField(_("Stripe payout"), max_length=64, unique=True)
    amount_minor = models.BigIntegerField(_("amount (öre/cents)"))
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("status"), max_length=16, choices=PayoutStatus.choices)
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    stripe_created_at = models.DateTimeField(_("created at Stripe"), null=True, blank=True)
    stripe_balance_transaction_id = models.CharField(
        _("Stripe balance transaction"), max_length=64, blank=True
    )
    failure_code = models.CharField(_("failure code"), max_length=64, blank=True)
    failure_message = models.CharField(_("failure message"), max_length=255, blank=True)
    livemode = models.BooleanField(_("live mode"), default=False)
    lines_fetched_at = models.DateTimeField(_("lines fetched"), null=True, blank=True)
    reconciliation_status = models.CharField(
        _("reconciliation"),
        max_length=16,
        choices=ReconciliationStatus.choices,
        default=ReconciliationStatus.NOT_CHECKED,
    )
    lines_net_minor = models.BigIntegerField(_("sum of lines (öre/cents)"), null=True, blank=True)
    difference_minor = models.BigIntegerField(_("difference (öre/cents)"), null=True, blank=True)
    unmatched_line_count = models.PositiveIntegerField(_("unmatched lines"), default=0)
    reconciled_at = models.DateTimeField(_("reconciled"), null=True, blank=True)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-arrival_date", "-pk"]
        indexes = [
            models.Index(fields=["arrival_date"]),
            models.Index(fields=["reconciliation_status"]),
        ]

    def __str__(self) -> str:
        return f"{self.stripe_payout_id} ({format_money(self.amount_minor, self.currency)})"

    @property
    def is_reconciled(self) -> bool:
        return self.reconciliation_status == ReconciliationStatus.BALANCED


class BalanceTransaction(models.Model):
    """One line of the Stripe balance (a charge, refund, dispute, adjustment or the
    payout itself), in the settlement currency, linked to what it belongs to.

    ``amount_minor`` is gross, ``fee_minor`` Stripe's fee and ``net_minor`` = gross - fee;
    ``exchange_rate`` is set when the source was in another currency (e.g. a EUR gift
    settling into SEK). ``matched`` is False for a line we could not tie to our records."""

    stripe_balance_transaction_id = models.CharField(
        _("Stripe balance transaction"), max_length=64, unique=True
    )
    payout = models.ForeignKey(
        Payout,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lines",
        verbose_name=_("payout"),
    )
    type = models.CharField(_("type"), max_length=48)
    reporting_category = models.CharField(_("reporting category"), max_length=48, blank=True)
    amount_minor = models.BigIntegerField(_("gross (öre/cents)"))
    fee_minor = models.BigIntegerField(_("fee (öre/cents)"))
    net_minor = models.BigIntegerField(_("net (öre/cents)"))
    currency = models.CharField(_("settlement currency"), max_length=3)
    exchange_rate = models.DecimalField(
        _("exchange rate"), max_digits=20, decimal_places=10, null=True, blank=True
    )
    source_id = models.CharField(_("Stripe source"), max_length=64, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    stripe_created_at = models.DateTimeField(_("created at Stripe"), null=True, blank=True)
    available_on = models.DateField(_("available on"), null=True, blank=True)
    gift = models.ForeignKey(
        Gift,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="balance_transactions",
        verbose_name=_("gift"),
    )
    refund = models.ForeignKey(
        Refund,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="balance_transactions",
        verbose_name=_("refund"),
    )
    dispute = models.ForeignKey(
        Dispute,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="balance_transactions",
        verbose_name=_("dispute"),
    )
    matched = models.BooleanField(_("matched"), default=False)

    class Meta:
        verbose_name = _("balance transaction")
        verbose_name_plural = _("balance transactions")
        ordering = ["stripe_created_at", "pk"]
        indexes = [
            models.Index(fields=["payout", "matched"]),
            models.Index(fields=["stripe_created_at"]),
        ]

    def __str__(self) -> str:
        return self.stripe_balance_transaction_id
