"""Monthly gifts: one Stripe subscription each, and the changes donors ask for."""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign

from .donors import CURRENCY_CHOICES, CheckoutIntent, Donor


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
    stripe_customer_id = models.CharField(
        _("Stripe customer"), max_length=64, blank=True, help_text=_("Who pays the subscription.")
    )
    next_charge_at = models.DateTimeField(_("next charge"), null=True, blank=True)
    ends_at = models.DateTimeField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("A cancellation scheduled by the donor takes effect then; no charge after."),
    )
    paused_until = models.DateTimeField(
        _("paused until"),
        null=True,
        blank=True,
        help_text=_("When Stripe resumes collection; empty while paused until resumed."),
    )
    past_due_notice_sent_at = models.DateTimeField(
        _("past-due notice sent"),
        null=True,
        blank=True,
        help_text=_("Cleared when the plan is paid again, so the next failure notifies anew."),
    )
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
        indexes = [
            models.Index(fields=["created_at"]),
            models.Index(fields=["cancelled_at"]),
            # The dashboards list past-due plans, longest overdue first.
            models.Index(fields=["status", "currency", "status_synced_at", "id"]),
            # ... and count active plans, their donors and amounts from the index alone.
            models.Index(
                fields=["status", "currency", "donor"],
                include=["amount_minor", "campaign"],
                name="plan_standing_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.stripe_subscription_id

    @property
    def billing_customer_id(self) -> str:
        """The Stripe customer paying this plan (plans from before it was kept: the
        donor's)."""
        return self.stripe_customer_id or self.donor.stripe_customer_id or ""

    @property
    def upcoming_charge_at(self) -> datetime | None:
        """The next charge, unless the plan is paused or ends before it."""
        if self.status != self.Status.ACTIVE and self.status != self.Status.PAST_DUE:
            return None
        if self.ends_at is not None and (
            self.next_charge_at is None or self.next_charge_at >= self.ends_at
        ):
            return None
        return self.next_charge_at


class PlanChange(models.Model):
    """A change a donor asked for on their monthly gift: sent to Stripe first (its id is the
    idempotency key), confirmed when Stripe's subscription event shows it, then emailed.

    The plan's newest unconfirmed change is what its page shows as pending; a kept row per
    request is the plan's history and the record of the confirmation sent."""

    class Kind(models.TextChoices):
        AMOUNT = "amount", _("Change the amount")
        PAUSE = "pause", _("Pause")
        RESUME = "resume", _("Resume")
        CANCEL = "cancel", _("Cancellation")
        KEEP = "keep", _("Keep the monthly gift")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(
        RecurringPlan, on_delete=models.PROTECT, related_name="changes", verbose_name=_("plan")
    )
    kind = models.CharField(_("change"), max_length=8, choices=Kind.choices)
    amount_minor = models.PositiveBigIntegerField(
        _("new monthly amount (öre/cents)"), null=True, blank=True
    )
    resumes_at = models.DateTimeField(_("pause until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed by Stripe"), null=True, blank=True)
    abandoned_at = models.DateTimeField(
        _("not made"), null=True, blank=True, help_text=_("Stripe refused or could not be reached.")
    )
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("monthly gift change")
        verbose_name_plural = _("monthly gift changes")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.plan} {self.kind}"

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None and self.abandoned_at is None


class FailedRenewal(models.Model):
    """A monthly installment whose payment failed, kept once per invoice however often
    Stripe retries it: the dashboards count a period's failed renewals from these rows,
    and the invoice's later payment marks it recovered."""

    stripe_invoice_id = models.CharField(_("Stripe invoice"), max_length=64, unique=True)
    plan = models.ForeignKey(
        RecurringPlan,
        on_delete=models.CASCADE,
        related_name="failed_renewals",
        verbose_name=_("monthly gift"),
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount_minor = models.PositiveBigIntegerField(_("amount due (öre/cents)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    failed_at = models.DateTimeField(_("failed"))
    recovered_at = models.DateTimeField(_("paid after all"), null=True, blank=True)

    class Meta:
        verbose_name = _("failed renewal")
        verbose_name_plural = _("failed renewals")
        ordering = ["-failed_at"]
        indexes = [models.Index(fields=["currency", "failed_at"])]

    def __str__(self) -> str:
        return self.stripe_invoice_id
