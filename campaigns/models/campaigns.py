"""Campaigns: their status and its history, suggested amounts, hero image and the
kept totals of each campaign and of the whole fund."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fundraising.translation import LocalizedText

from ..hero import WithHeroImage, hero_image_constraint
from .geography import Country, Programme, Theme
from .organisations import MemberOrganisation

CURRENCY_CHOICES = [(code, code) for code in settings.CURRENCIES]


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


ALLOWED_STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    CampaignStatus.DRAFT: frozenset({CampaignStatus.IN_REVIEW}),
    CampaignStatus.IN_REVIEW: frozenset({CampaignStatus.DRAFT, CampaignStatus.PUBLISHED}),
    CampaignStatus.PUBLISHED: frozenset({CampaignStatus.CLOSED}),
    CampaignStatus.CLOSED: frozenset(),
}


MAX_SUGGESTED_AMOUNTS = 6
IMPACT_MAX_LENGTH = 120
SUGGESTED_AMOUNT_KEYS = frozenset({"amount_minor", "impact_sv", "impact_en"})


@dataclass(frozen=True)
class SuggestedAmount:
    """One amount button: minor units and an optional impact line in each language
    ("500 kr trains a workplace representative")."""

    amount_minor: int
    impact_sv: str = ""
    impact_en: str = ""

    impact = LocalizedText("impact")

    def as_json(self) -> dict[str, object]:
        return {
            "amount_minor": self.amount_minor,
            "impact_sv": self.impact_sv,
            "impact_en": self.impact_en,
        }


def _is_suggested_amount(item: object) -> bool:
    return (
        isinstance(item, dict)
        and set(item) == SUGGESTED_AMOUNT_KEYS
        and type(item["amount_minor"]) is int
        and item["amount_minor"] > 0
        and all(
            isinstance(item[key], str) and len(item[key]) <= IMPACT_MAX_LENGTH
            for key in ("impact_sv", "impact_en")
        )
    )


def validate_suggested_amounts(value: object) -> None:
    """A list of at most six ``{"amount_minor", "impact_sv", "impact_en"}`` objects with
    distinct positive amounts and impact lines of at most 120 characters."""
    if (
        not isinstance(value, list)
        or len(value) > MAX_SUGGESTED_AMOUNTS
        or not all(_is_suggested_amount(item) for item in value)
    ):
        raise ValidationError(
            _(
                "Suggested amounts must be at most %(count)d positive amounts, each with "
                "impact lines of at most %(length)d characters."
            )
            % {"count": MAX_SUGGESTED_AMOUNTS, "length": IMPACT_MAX_LENGTH}
        )
    amounts = [item["amount_minor"] for item in value]
    if len(set(amounts)) != len(amounts):
        raise ValidationError(_("Each suggested amount may appear only once."))


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def published(self) -> "CampaignQuerySet":
        return self.filter(status=CampaignStatus.PUBLISHED)

    def public(self) -> "CampaignQuerySet":
        """Campaigns the public may see: published, and closed ones kept for the record."""
        return self.filter(status__in=[CampaignStatus.PUBLISHED, CampaignStatus.CLOSED])


class Campaign(WithHeroImage):
    """A fundraising page for the solidarity fund, usually tied to a programme."""

    Status = CampaignStatus

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_sv = models.CharField(_("title (Swedish)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160)
    summary_sv = models.CharField(_("summary (Swedish)"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=300)
    story_sv = models.TextField(_("story (Swedish)"))
    story_en = models.TextField(_("story (English)"))
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="campaigns",
        null=True,
        blank=True,
        verbose_name=_("programme"),
    )
    organisation = models.ForeignKey(
        MemberOrganisation,
        on_delete=models.PROTECT,
        related_name="campaigns",
        null=True,
        blank=True,
        verbose_name=_("member organisation"),
        help_text=_("Leave empty when the centre itself runs the campaign."),
    )
    goal_minor = models.PositiveBigIntegerField(
        _("goal (öre/cents)"), validators=[MinValueValidator(1)]
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=CURRENCY_CHOICES,
        default=settings.DEFAULT_CURRENCY,
    )
    starts_on = models.DateField(_("starts on"), default=date.today)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    suggested_amounts = models.JSONField(
        _("suggested amounts"),
        default=list,
        blank=True,
        validators=[validate_suggested_amounts],
        help_text=_("The amount buttons, each with an optional line on what it pays for."),
    )
    countries = models.ManyToManyField(
        Country, related_name="campaigns", blank=True, verbose_name=_("countries")
    )
    themes = models.ManyToManyField(
        Theme, related_name="campaigns", blank=True, verbose_name=_("themes")
    )
    allows_monthly = models.BooleanField(_("monthly giving allowed"), default=True)
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-is_featured", "-starts_on", "title_sv"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CampaignStatus.values), name="campaign_status_known"
            ),
            hero_image_constraint("campaign"),
        ]
        indexes = [models.Index(fields=["status", "-starts_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign", kwargs={"slug": self.slug})

    title = LocalizedText("title")
    summary = LocalizedText("summary")
    story = LocalizedText("story")

    def amount_suggestions(self) -> list[SuggestedAmount]:
        """The suggested amounts as records, in the order staff gave them."""
        return [SuggestedAmount(**item) for item in self.suggested_amounts]

    def can_move_to(self, status: str) -> bool:
        return status in ALLOWED_STATUS_TRANSITIONS[self.status]

    @property
    def is_public(self) -> bool:
        return self.status in (CampaignStatus.PUBLISHED, CampaignStatus.CLOSED)

    def accepts_gifts(self, today: date | None = None) -> bool:
        """Published and within its period: only then may a checkout start."""
        today = today or timezone.localdate()
        return (
            self.status == CampaignStatus.PUBLISHED
            and self.starts_on <= today
            and (self.ends_on is None or today <= self.ends_on)
        )

    def days_left(self, today: date | None = None) -> int | None:
        if self.ends_on is None:
            return None
        return max((self.ends_on - (today or timezone.localdate())).days, 0)

    def clean(self) -> None:
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The campaign cannot end before it starts.")})


class HistoryEvent(models.TextChoices):
    """What a history row records: a move of the campaign's status, or a step in the
    review of changes proposed to a published campaign (its status stays)."""

    STATUS = "status", _("Status changed")
    CREATED = "created", _("Created")
    CHANGES_SUBMITTED = "changes_submitted", _("Changes submitted for review")
    CHANGES_RETURNED = "changes_returned", _("Changes sent back")
    CHANGES_APPROVED = "changes_approved", _("Changes approved and published")


class CampaignStatusChange(models.Model):
    """Who moved a campaign from one status to another (or a step in the review of its
    proposed changes), when, and why."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("campaign"),
    )
    from_status = models.CharField(_("from"), max_length=16, choices=CampaignStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=CampaignStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("changed by"),
    )
    event = models.CharField(
        _("event"), max_length=24, choices=HistoryEvent.choices, default=HistoryEvent.STATUS
    )
    note = models.TextField(_("note"), blank=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    # A send-back keeps what was sent back, so the next review shows what changed since.
    values = models.JSONField(_("values at the time"), default=dict, blank=True)

    class Meta:
        verbose_name = _("campaign status change")
        verbose_name_plural = _("campaign status changes")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class CampaignTotal(models.Model):
    """Kept totals of a campaign. The gift ledger (``donations.totals``) keeps them in
    step in the same transaction as each gift or refund; ``recompute_totals`` rebuilds
    them. They live here so pages about campaigns read them without the ledger."""

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
