"""Monthly gifts: one Stripe subscription each."""

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
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return self.stripe_subscription_id

    @property
    def billing_customer_id(self) -> str:
        """The Stripe customer paying this plan (plans from before it was kept: the
        donor's)."""
        return self.stripe_customer_id or self.donor.stripe_customer_id or ""
