"""Which yearly statements have been emailed: one row per donor and year."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .donors import Donor


class YearlyStatementSent(models.Model):
    """Claimed before a donor's yearly statement is emailed, so it goes once per year."""

    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="statements_sent", verbose_name=_("donor")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("yearly statement sent")
        verbose_name_plural = _("yearly statements sent")
        constraints = [
            models.UniqueConstraint(fields=["donor", "year"], name="one_statement_per_donor_year")
        ]
        indexes = [models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.donor_id}: {self.year}"
