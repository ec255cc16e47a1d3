"""The gift ledger: donors, checkout intents, gifts, monthly plans, refunds,
receipt numbering and the Stripe events everything is derived from.

Every row that counts money carries the unique Stripe id it came from under a
database constraint, so a duplicate, retried, concurrent or reordered webhook
can never count a gift twice.
"""

import json
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign

CURRENCY_CHOICES = [(code, code) for code in settings.CURRENCIES]


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    MONTHLY = "monthly", _("Monthly")


class TributeKind(models.TextChoices):
    NONE = "", _("No tribute")
    IN_MEMORY = "memory", _("In memory of")
    IN_HONOUR = "honour", _("In honour of")


class Donor(models.Model):
    """A person who has given; one row per email address."""

    email = models.EmailField(_("email"), unique=True)
    name = models.CharField(_("name"), max_length=160)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    stripe_customer_id = models.CharField(
        _("Stripe customer"), max_length=64, unique=True, null=True, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="donor",
        verbose_name=_("account"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class CheckoutIntent(models.Model):
    """What a donor asked for before paying: our own record of a checkout.

    Its id is the Checkout Session's ``client_reference_id``, so everything
    Stripe reports back can be tied to the campaign and donor choices here,
    never only to what lives in Stripe or the browser.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for payment")
        PROCESSING = "processing", _("Payment processing")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Payment failed")
        EXPIRED = "expired", _("Expired")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checkout_intents",
        verbose_name=_("campaign"),
    )
    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="checkout_intents", verbose_name=_("donor")
    )
    amount_minor = models.PositiveBigIntegerField(_("amount (öre/cents)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    frequency = models.CharField(_("frequency"), max_length=8, choices=Frequency.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    tribute_kind = models.CharField(
        _("tribute"), max_length=8, choices=TributeKind.choices, blank=True, default=""
    )
    tribute_name = models.CharField(_("tribute name"), max_length=160, blank=True)
    tribute_notify_email = models.EmailField(_("notify by email"), blank=True)
    tribute_card_sent_at = models.DateTimeField(_("e-card sent"), null=True, blank=True)
    show_on_wall = models.BooleanField(_("shown on the donor wall"), default=False)
    public_message = models.CharField(_("public message"), max_length=280, blank=True)
    newsletter_consent = models.BooleanField(_("newsletter consent"), default=False)
    consent_wording = models.TextField(_("consent wording"), blank=True)
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    stripe_session_id = models.CharField(
        _("Stripe Checkout Session"), max_length=255, unique=True, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("checkout")
        verbose_name_plural = _("checkouts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.id)


class RecurringPlan(models.Model):
    """A monthly gift: one Stripe subscription, many installments (gifts)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAST_DUE = "past_due", _("Past due")
        PAUSED = "paused", _("Paused")
        CANCELLED = "cancelled", _("Cancelled")

    stripe_subscription_id = models.CharField(_("Stripe subscription"), max_length=64, unique=True)
    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="plans", verbose_name=_("donor")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("campaign"),
    )
    checkout_intent = models.OneToOneField(
        CheckoutIntent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan",
        verbose_name=_("checkout"),
    )
    amount_minor = models.PositiveBigIntegerField(_("monthly amount (öre/cents)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    next_charge_at = models.DateTimeField(_("next charge"), null=True, blank=True)
    status_synced_at = models.DateTimeField(
        _("status as of"),
        null=True,
        blank=True,
        help_text=_("Time of the newest Stripe event applied; older events are ignored."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("monthly gift")
        verbose_name_plural = _("monthly gifts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.stripe_subscription_id


class GiftStatus(models.TextChoices):
    PAID = "paid", _("Paid")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


class InvalidGiftTransition(Exception):
    """A gift was asked to take a status its current status does not lead to."""


ALLOWED_GIFT_TRANSITIONS: dict[str, frozenset[str]] = {
    GiftStatus.PAID: frozenset({GiftStatus.PARTIALLY_REFUNDED, GiftStatus.REFUNDED}),
    GiftStatus.PARTIALLY_REFUNDED: frozenset({GiftStatus.PARTIALLY_REFUNDED, GiftStatus.REFUNDED}),
    GiftStatus.REFUNDED: frozenset(),
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
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=24, choices=GiftStatus.choices, default=GiftStatus.PAID
    )
    amount_minor = models.PositiveBigIntegerField(_("amount (öre/cents)"))
    refunded_minor = models.PositiveBigIntegerField(_("refunded (öre/cents)"), default=0)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    fee_minor = models.PositiveBigIntegerField(_("Stripe fee (öre/cents)"), null=True, blank=True)
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
                condition=Q(refunded_minor__lte=F("amount_minor")), name="gift_refund_within_amount"
            ),
            models.CheckConstraint(
                condition=Q(stripe_payment_intent_id__isnull=False)
                | Q(stripe_invoice_id__isnull=False),
                name="gift_has_a_stripe_source",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "paid_at"]),
            models.Index(fields=["donor", "paid_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.amount_minor / 100:.2f} {self.currency} ({self.get_kind_display()})"

    def move_to(self, status: str) -> None:
        """Change status only along the allowed transitions (a refund is never undone)."""
        if status not in ALLOWED_GIFT_TRANSITIONS[self.status]:
            raise InvalidGiftTransition(f"gift {self.pk}: {self.status} → {status}")
        self.status = status

    @property
    def net_amount_minor(self) -> int:
        """What the gift still counts for after refunds."""
        return self.amount_minor - self.refunded_minor

    @property
    def receipt_reference(self) -> str:
        if self.receipt_number is None:
            return ""
        return f"{self.receipt_year}-{self.receipt_number:06d}"


class Refund(models.Model):
    """Money returned to a donor; one row per Stripe refund."""

    gift = models.ForeignKey(Gift, on_delete=models.PROTECT, related_name="refunds")
    stripe_refund_id = models.CharField(_("Stripe refund"), max_length=64, unique=True)
    amount_minor = models.PositiveBigIntegerField(_("amount (öre/cents)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
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

    def __str__(self) -> str:
        return self.stripe_refund_id


class ReceiptCounter(models.Model):
    """The last receipt number handed out in a calendar year (locked to stay gapless)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class CampaignTotal(models.Model):
    """Cached totals of a campaign, kept in step with the ledger in the same
    transaction as each gift or refund; ``recompute_totals`` rebuilds them."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, primary_key=True, related_name="cached_total"
    )
    raised_minor = models.BigIntegerField(default=0)
    gift_count = models.PositiveIntegerField(default=0)
    donor_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("campaign total")
        verbose_name_plural = _("campaign totals")

    def __str__(self) -> str:
        return str(self.campaign)


class FundTotal(models.Model):
    """Cached total of the whole solidarity fund in one currency: every gift, with or
    without a campaign, net of refunds. Kept in step with the ledger in the gift's
    transaction, like ``CampaignTotal`` (gifts already serialise on the receipt
    counter, so this row adds no new contention); ``recompute_totals`` rebuilds it."""

    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, primary_key=True
    )
    raised_minor = models.BigIntegerField(_("raised (öre/cents)"), default=0)
    gift_count = models.PositiveIntegerField(_("gifts"), default=0)

    class Meta:
        verbose_name = _("fund total")
        verbose_name_plural = _("fund totals")

    def __str__(self) -> str:
        return self.currency


class WebhookEvent(models.Model):
    """A Stripe event as delivered; processing happens in a Celery task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PROCESSED = "processed", _("Processed")
        IGNORED = "ignored", _("Ignored (not of interest)")
        FAILED = "failed", _("Failed")
        VERSION_MISMATCH = "version_mismatch", _("Other API version")

    stripe_event_id = models.CharField(_("Stripe event"), max_length=64, unique=True)
    type = models.CharField(_("type"), max_length=100, db_index=True)
    api_version = models.CharField(_("API version"), max_length=40, blank=True)
    livemode = models.BooleanField(_("live mode"), default=False)
    payload = models.TextField(
        _("payload"), help_text=_("The event exactly as Stripe delivered it (JSON).")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.stripe_event_id}"

    @property
    def data(self) -> dict:
        """The parsed event."""
        return json.loads(self.payload)


class WebhookDispatch(models.Model):
    """One row saying a dispatch of pending Stripe events is already queued.

    The webhook queues a dispatch task only when none is requested, so a burst of
    events costs one broker publish instead of one each; the dispatcher clears the
    request before it reads the pending events, so none is left behind."""

    SINGLETON_ID = 1

    requested_at = models.DateTimeField(_("dispatch requested"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stripe event dispatch")
        verbose_name_plural = _("Stripe event dispatch")

    def __str__(self) -> str:
        return f"dispatch requested at {self.requested_at}" if self.requested_at else "idle"
