"""The Stripe events everything in the ledger is derived from, and the dispatch flag."""

import json

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        # The staff list sorts by arrival, alone or within a status (the failed ones).
        indexes = [
            models.Index(fields=["received_at"]),
            models.Index(fields=["status", "received_at"]),
        ]

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
