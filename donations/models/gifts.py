"""Gifts (each successful payment), their refunds and the gapless receipt counter.

Every row that counts money carries the unique Stripe id it came from under a
database constraint, so a duplicate, retried, concurrent or reordered webhook
can never count a gift twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from fundraising.money import format_money

from .donors import CURRENCY_CHOICES, CheckoutIntent, Donor
from .plans import RecurringPlan


class GiftStatus(models.TextChoices):
    PAID = "paid", _("Paid")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")
    DISPUTED = "disputed", _("Disputed")
    DISPUTE_LOST = "dispute_lost", _("Lost to a dispute")


class InvalidGiftTransition(Exception):
    """A gift was asked to take a status its current status does not lead to."""


_REFUNDS_OR_DISPUTE = frozenset(
    {
        GiftStatus.PARTIALLY_REFUNDED,
        GiftStatus.REFUNDED,
        GiftStatus.DISPUTED,
        GiftStatus.DISPUTE_LOST,
    }
)

# A dispute that is won, or a refund that fails after all, gives the gift back the
# status its refunds say; a gift lost to a dispute never becomes paid again.
ALLOWED_GIFT_TRANSITIONS: dict[str, frozenset[str]] = {
    GiftStatus.PAID: _REFUNDS_OR_DISPUTE,
    GiftStatus.PARTIALLY_REFUNDED: _REFUNDS_OR_DISPUTE | {GiftStatus.PAID},
    GiftStatus.REFUNDED: _REFUNDS_OR_DISPUTE | {GiftStatus.PAID},
    GiftStatus.DISPUTED: _REFUNDS_OR_DISPUTE | {GiftStatus.PAID},
    GiftStatus.DISPUTE_LOST: frozenset(),
}


class Gift(models.Model):
    """One successful payment: a one-off gift or one installment of a monthly gift."""

    class Kind(models.TextChoices):
        ONCE = "once", _("One-off gift")
        MONTHLY = "monthly", _("Monthly installment")

    Status = GiftStatus

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts",
        verbose_name=_("campaign"),
    )
    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="gifts", verbose_name=_("donor")
    )
    checkout_intent = models.ForeignKey(
        CheckoutIntent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts",
        verbose_name=_("checkout"),
    )
    plan = models.ForeignKey(
        RecurringPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts",
        verbose_name=_("monthly gift"),
    )
    donor_name = models.CharField(
        _("donor's name on the gift"),
        max_length=160,
        blank=True,
        help_text=_("As given at checkout; the donor wall and the receipt show this."),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=24, choices=GiftStatus.choices, default=GiftStatus.PAID
    )
    amount_minor = models.PositiveBigIntegerField(_("amount (öre/cents)"))
    # The amounts that start at 0 default to it in the database too, so rows loaded in
    # bulk by SQL (the benchmarks) need not name them.
    refunded_minor = models.PositiveBigIntegerField(
        _("refunded (öre/cents)"), default=0, db_default=0
    )
    charge_refunded_minor = models.PositiveBigIntegerField(
        _("refunded as the charge last said (öre/cents)"),
        default=0,
        db_default=0,
        help_text=_("The charge's amount refunded in its newest charge.refunded event."),
    )
    charge_refunded_at = models.DateTimeField(
        _("charge's refunded amount as of"), null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    disputed_minor = models.PositiveBigIntegerField(
        _("withheld by disputes (öre/cents)"),
        default=0,
        db_default=0,
        help_text=_("Withdrawn by open or lost disputes and not reinstated."),
    )
    fee_minor = models.PositiveBigIntegerField(
        _("Stripe fee (öre/cents, settlement currency)"), null=True, blank=True
    )
    settlement_amount_minor = models.PositiveBigIntegerField(
        _("settled amount (öre/cents, settlement currency)"), null=True, blank=True
    )
    settlement_currency = models.CharField(_("settlement currency"), max_length=3, blank=True)
    exchange_rate = models.DecimalField(
        _("exchange rate"),
        max_digits=20,
        decimal_places=10,
        null=True,
        blank=True,
        help_text=_("Stripe's rate from the gift's currency to the settlement currency."),
    )
    fee_cover_minor = models.PositiveBigIntegerField(
        _("fee cover (öre/cents)"),
        default=0,
        db_default=0,
        help_text=_("The part of the amount the donor added to cover the card fee."),
    )
    stripe_payment_intent_id = models.CharField(
        _("Stripe payment intent"), max_length=64, unique=True, null=True, blank=True
    )
    stripe_invoice_id = models.CharField(
        _("Stripe invoice"), max_length=64, unique=True, null=True, blank=True
    )
    stripe_charge_id = models.CharField(
        _("Stripe charge"), max_length=64, unique=True, null=True, blank=True
    )
    stripe_balance_transaction_id = models.CharField(
        _("Stripe balance transaction"), max_length=64, blank=True
    )
    opens_plan = models.BooleanField(
        _("first installment"),
        default=False,
        help_text=_("The payment that started a monthly gift."),
    )
    show_on_wall = models.BooleanField(_("shown on the donor wall"), default=False)
    public_message = models.CharField(_("public message"), max_length=280, blank=True)
    paid_at = models.DateTimeField(_("paid"), default=timezone.now)
    receipt_year = models.PositiveSmallIntegerField(_("receipt year"), null=True, blank=True)
    receipt_number = models.PositiveIntegerField(_("receipt number"), null=True, blank=True)
    receipt_sent_at = models.DateTimeField(_("receipt sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["-paid_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_year", "receipt_number"], name="gapless_receipt_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(fee_cover_minor__lte=F("amount_minor")),
                name="gift_fee_cover_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(refunded_minor__lte=F("amount_minor")), name="gift_refund_within_amount"
            ),
            models.CheckConstraint(
                condition=Q(disputed_minor__lte=F("amount_minor") - F("refunded_minor")),
                name="gift_disputed_within_remainder",
            ),
            models.CheckConstraint(
                condition=Q(stripe_payment_intent_id__isnull=False)
                | Q(stripe_invoice_id__isnull=False),
                name="gift_has_a_stripe_source",
            ),
        ]
        # The staff list sorts by payment time, alone or within a status.
        indexes = [
            models.Index(fields=["campaign", "paid_at"]),
            models.Index(fields=["donor", "paid_at"]),
            models.Index(fields=["paid_at"]),
            models.Index(fields=["status", "paid_at"]),
        ]

    def __str__(self) -> str:
        return f"{format_money(self.amount_minor, self.currency)} ({self.get_kind_display()})"

    def move_to(self, status: str) -> None:
        """Change status only along the allowed transitions (a lost dispute is final)."""
        if status not in ALLOWED_GIFT_TRANSITIONS[self.status]:
            raise InvalidGiftTransition(f"gift {self.pk}: {self.status} → {status}")
        self.status = status

    @property
    def net_amount_minor(self) -> int:
        """What the gift still counts for after refunds and disputes."""
        return self.amount_minor - self.refunded_minor - self.disputed_minor

    @property
    def receipt_reference(self) -> str:
        if self.receipt_number is None:
            return ""
        return f"{self.receipt_year}-{self.receipt_number:06d}"


class RefundStatus(models.TextChoices):
    """A refund is kept while pending or succeeded; one that failed (or was cancelled)
    returned its money to our balance, and stays failed whatever a late event says."""

    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed")


class Refund(models.Model):
    """Money returned to a donor; one row per Stripe refund."""

    Status = RefundStatus

    gift = models.ForeignKey(Gift, on_delete=models.PROTECT, related_name="refunds")
    stripe_refund_id = models.CharField(_("Stripe refund"), max_length=64, unique=True)
    amount_minor = models.PositiveBigIntegerField(_("amount (öre/cents)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RefundStatus.choices,
        default=RefundStatus.SUCCEEDED,
        db_default=RefundStatus.SUCCEEDED,
    )
    failed_at = models.DateTimeField(
        _("failed"),
        null=True,
        blank=True,
        help_text=_("When Stripe first said the refund failed and its money came back."),
    )
    failure_reason = models.CharField(_("why it failed"), max_length=255, blank=True, db_default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at"]
        # The books read the few failed refunds by the day their money came back.
        indexes = [
            models.Index(fields=["created_at"]),
            models.Index(
                fields=["failed_at"], condition=Q(failed_at__isnull=False), name="refund_failed_at"
            ),
        ]

    def __str__(self) -> str:
        return self.stripe_refund_id

    @property
    def is_failed(self) -> bool:
        return self.status == RefundStatus.FAILED


class ReceiptCounter(models.Model):
    """The last receipt number handed out in a calendar year (locked to stay gapless)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
