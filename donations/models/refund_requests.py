"""Refunds finance staff ask for in the product, before and after Stripe answers.

A request is what staff asked for; the ledger's ``Refund`` row is what Stripe did. The
ledger changes only when Stripe's event arrives, which links its refund to the request
(by the request's id in the refund's metadata) and marks the request succeeded."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .donors import CURRENCY_CHOICES
from .gifts import Gift, Refund


class RefundRequestState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed")


class RefundRequest(models.Model):
    """One refund asked for by a member of finance staff, with the reason they gave."""

    State = RefundRequestState

    gift = models.ForeignKey(
        Gift, on_delete=models.PROTECT, related_name="refund_requests", verbose_name=_("gift")
    )
    amount_minor = models.PositiveBigIntegerField(_("amount (öre/cents)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    reason = models.CharField(_("reason"), max_length=500)
    cancel_plan = models.BooleanField(_("also cancel the monthly gift"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=RefundRequestState.choices,
        default=RefundRequestState.REQUESTED,
    )
    stripe_refund_id = models.CharField(
        _("Stripe refund"), max_length=64, unique=True, null=True, blank=True
    )
    refund = models.OneToOneField(
        Refund,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="request",
        verbose_name=_("refund"),
    )
    key = models.UUIDField(
        _("idempotency key"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Sent with the refund so Stripe makes it at most once."),
    )
    failure_reason = models.CharField(_("why it failed"), max_length=500, blank=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund request")
        verbose_name_plural = _("refund requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_at"]),
            models.Index(fields=["gift", "state"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="refund_request_positive")
        ]

    def __str__(self) -> str:
        return f"refund request {self.pk}"

    @property
    def idempotency_key(self) -> str:
        """The same request always makes the same Stripe refund, however often it is sent."""
        return f"refund-request-{self.key}"

    @property
    def is_pending(self) -> bool:
        return self.state == RefundRequestState.REQUESTED
