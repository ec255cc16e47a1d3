"""Donors and what they asked for before paying (checkout intents)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import CURRENCY_CHOICES, Campaign


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    MONTHLY = "monthly", _("Monthly")


class TributeKind(models.TextChoices):
    NONE = "", _("No tribute")
    IN_MEMORY = "memory", _("In memory of")
    IN_HONOUR = "honour", _("In honour of")


class Donor(models.Model):
    """A person who has given; one row per email address, stored in lower case (the
    giving form and the admin both write it so).

    What an anonymous visitor types on the giving form never changes an existing
    donor: each checkout and gift keeps its own snapshot of the name."""

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
    erased_at = models.DateTimeField(
        _("personal data erased"),
        null=True,
        blank=True,
        help_text=_("Name and email were erased at the donor's request; gifts are kept."),
    )

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"])]

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
    donor_name = models.CharField(
        _("donor's name as given"),
        max_length=160,
        blank=True,
        help_text=_("What the donor typed; it never changes the donor's own record."),
    )
    amount_minor = models.PositiveBigIntegerField(
        _("amount (öre/cents)"), help_text=_("What is charged, fee cover included.")
    )
    fee_cover_minor = models.PositiveBigIntegerField(
        _("fee cover (öre/cents)"),
        default=0,
        db_default=0,  # rows loaded by SQL (the benchmarks) need not name it
        help_text=_("The part of the amount the donor added to cover the card fee."),
    )
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
    contact_consent_wording = models.TextField(
        _("contact consent wording"),
        blank=True,
        help_text=_("What the donor ticked to let the campaign's organisation contact them."),
    )
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
        indexes = [
            models.Index(fields=["created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fee_cover_minor__lt=models.F("amount_minor")),
                name="checkout_fee_cover_within_amount",
            )
        ]

    def __str__(self) -> str:
        return str(self.id)

    @property
    def gift_minor(self) -> int:
        """The gift the donor chose, before any fee cover."""
        return self.amount_minor - self.fee_cover_minor
