"""Kept aggregates for the dashboards: money and counts per day and per month x campaign
x currency x kind, and per-amount gift counts (for the median). The ledger moves them
in the same transaction as each gift, refund or dispute (``donations.totals``), so no
dashboard ever sums the gift table; ``recompute_totals`` rebuilds them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign

from .donors import CURRENCY_CHOICES
from .gifts import Gift


def _unique_per_campaign(fields: list[str], name: str) -> list[models.UniqueConstraint]:
    """One row per key: a campaign's, and one for gifts to the fund without a campaign
    (two partial constraints, since NULLs are distinct in a plain unique constraint)."""
    return [
        models.UniqueConstraint(
            fields=["campaign", *fields], condition=Q(campaign__isnull=False), name=name
        ),
        models.UniqueConstraint(
            fields=fields, condition=Q(campaign__isnull=True), name=f"{name}_fund"
        ),
    ]


class GiftTotalColumns(models.Model):
    """What a kept row of gift totals holds, per campaign x currency x kind: the gross
    amount, what refunds and disputes took back since (counted on the gift's day), and how
    many gifts."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    kind = models.CharField(_("kind"), max_length=8, choices=Gift.Kind.choices)
    gross_minor = models.BigIntegerField(_("gross (öre/cents)"), default=0)
    refunded_minor = models.BigIntegerField(_("refunded or disputed (öre/cents)"), default=0)
    gift_count = models.PositiveIntegerField(_("gifts"), default=0)

    class Meta:
        abstract = True


class AmountCountColumns(models.Model):
    """How many gifts of exactly this amount, per campaign x currency: amounts cluster on
    the suggested ones, so a period's median is read from a few hundred rows."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    amount_minor = models.PositiveBigIntegerField(_("amount (öre/cents)"))
    gift_count = models.PositiveIntegerField(_("gifts"), default=0)

    class Meta:
        abstract = True


class DailyGiftTotal(GiftTotalColumns):
    """Gifts paid on a day (Stockholm time)."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily gift total")
        verbose_name_plural = _("daily gift totals")
        constraints = _unique_per_campaign(["day", "currency", "kind"], "daily_gift_total_key")
        indexes = [models.Index(fields=["currency", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.campaign_id} {self.currency} {self.kind}"


class MonthlyGiftTotal(GiftTotalColumns):
    """The same per calendar month (``month`` is its first day): a long period reads its
    whole months from here, a thirtieth of the rows, and only its odd days per day."""

    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("monthly gift total")
        verbose_name_plural = _("monthly gift totals")
        constraints = _unique_per_campaign(["month", "currency", "kind"], "monthly_gift_total_key")
        indexes = [models.Index(fields=["currency", "month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.campaign_id} {self.currency} {self.kind}"


class DailyAmountCount(AmountCountColumns):
    """Gifts of one amount paid on a day."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily gift amount count")
        verbose_name_plural = _("daily gift amount counts")
        constraints = _unique_per_campaign(
            ["day", "currency", "amount_minor"], "daily_amount_count_key"
        )
        indexes = [models.Index(fields=["currency", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.campaign_id} {self.amount_minor} {self.currency}"


class MonthlyAmountCount(AmountCountColumns):
    """Gifts of one amount paid in a calendar month (``month`` is its first day)."""

    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("monthly gift amount count")
        verbose_name_plural = _("monthly gift amount counts")
        constraints = _unique_per_campaign(
            ["month", "currency", "amount_minor"], "monthly_amount_count_key"
        )
        indexes = [models.Index(fields=["currency", "month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.campaign_id} {self.amount_minor} {self.currency}"


class ExportLog(models.Model):
    """Who downloaded which export, with which filters, when."""

    class Kind(models.TextChoices):
        GIFTS = "gifts", _("Gifts")
        PLANS = "plans", _("Monthly gifts")
        CAMPAIGN_TOTALS = "campaign_totals", _("Campaign totals")
        CONSENTING_DONORS = "consenting_donors", _("Donors who may be contacted")

    kind = models.CharField(_("export"), max_length=24, choices=Kind.choices)
    file_format = models.CharField(_("format"), max_length=8)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("exported by"),
    )
    exported_at = models.DateTimeField(_("exported"), default=timezone.now)

    class Meta:
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        ordering = ["-exported_at"]
        indexes = [models.Index(fields=["exported_at"])]

    def __str__(self) -> str:
        return f"{self.kind}.{self.file_format} {self.exported_at:%Y-%m-%d %H:%M}"
