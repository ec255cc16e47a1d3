"""Periods whose vouchers went to the accounting program, so none is imported twice."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
