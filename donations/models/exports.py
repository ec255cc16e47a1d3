"""Periods whose vouchers went to the accounting program, so none is imported twice, and
spreadsheets prepared in the background for the dashboards' downloads."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import MemberOrganisation

from ..private_storage import private_exports_storage
from .aggregates import ExportLog


class ExportedPeriod(models.Model):
    """A period (both days included) exported as SIE and marked as handed to the books."""

    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    exported_at = models.DateTimeField(_("exported"), default=timezone.now)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("exported by"),
    )
    voucher_count = models.PositiveIntegerField(_("vouchers"), default=0)

    class Meta:
        verbose_name = _("exported period")
        verbose_name_plural = _("exported periods")
        ordering = ["-start", "-exported_at"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="exported_period_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.start} – {self.end}"


def _prepared_export_path(export: PreparedExport, filename: str) -> str:
    return f"{export.pk}/{filename}"


class PreparedExport(models.Model):
    """A spreadsheet asked for from a dashboard and built by a Celery task into private
    storage (``donations.dashboards.prepared``); only the person who asked may fetch it,
    for a week."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    # A build neither finished nor failed this long after it was asked for was lost (its
    # worker killed, its message gone): it may be asked for again, and a task takes it over.
    STUCK_AFTER = timedelta(hours=1)

    kind = models.CharField(_("export"), max_length=24, choices=ExportLog.Kind.choices)
    organisation = models.ForeignKey(
        MemberOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member organisation"),
    )
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked for by"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(
        _("file"),
        storage=private_exports_storage,
        upload_to=_prepared_export_path,
        max_length=255,
        blank=True,
    )
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked for"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("prepared export")
        verbose_name_plural = _("prepared exports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M} ({self.status})"

    @classmethod
    def retryable(cls) -> Q:
        """Failed, or lost on the way (see STUCK_AFTER)."""
        return Q(status=cls.Status.FAILED) | Q(
            status__in=[cls.Status.PENDING, cls.Status.RUNNING],
            created_at__lt=timezone.now() - cls.STUCK_AFTER,
        )

    @property
    def being_prepared(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING) and not self.has_failed

    @property
    def has_failed(self) -> bool:
        return self.status == self.Status.FAILED or (
            self.status != self.Status.READY and self.created_at < timezone.now() - self.STUCK_AFTER
        )
