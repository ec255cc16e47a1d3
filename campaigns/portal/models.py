"""Changes proposed to a published campaign, and invitations to an organisation's staff.

A published campaign is never edited in place by its organisation: the edits are a
``CampaignRevision`` (the proposed field values, and a new hero image if one was
uploaded) that goes through review; the public keeps seeing the campaign as approved
until the revision is approved and copied onto it (``campaigns.portal.services``).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.text import normalize_newlines
from django.utils.translation import gettext_lazy as _

from ..hero import WithHeroImage, hero_image_constraint
from ..models import Campaign, MemberOrganisation, OrganisationMembership

# The fields an organisation edits, on a draft campaign or in a revision.
EDITABLE_FIELDS = (
    "title_sv",
    "title_en",
    "summary_sv",
    "summary_en",
    "story_sv",
    "story_en",
    "programme",
    "countries",
    "themes",
    "goal_minor",
    "currency",
    "starts_on",
    "ends_on",
    "suggested_amounts",
    "allows_monthly",
    "hero_alt_sv",
    "hero_alt_en",
)
MANY_TO_MANY_FIELDS = ("countries", "themes")
DATE_FIELDS = ("starts_on", "ends_on")


class CampaignRevision(WithHeroImage):
    """Proposed values for a published campaign's editable fields (``values``, as JSON:
    ids for the programme, countries and themes, ISO dates) and, when a new picture was
    uploaded, its hero image. At most one revision per campaign is open."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Being edited")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("campaign")
    )
    values = models.JSONField(_("proposed values"), default=dict)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign"],
                condition=~models.Q(state="approved"),
                name="one_open_revision_per_campaign",
            ),
            hero_image_constraint("campaignrevision"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} ({self.get_state_display()})"

    @property
    def has_new_image(self) -> bool:
        return bool(self.hero_image_name)


def values_to_json(values: dict[str, object]) -> dict[str, object]:
    """Cleaned form values (model instances, dates) as JSON for ``CampaignRevision.values``;
    texts with LF line endings (a textarea sends CRLF)."""
    encoded: dict[str, object] = {}
    for field, value in values.items():
        if field in MANY_TO_MANY_FIELDS:
            encoded[field] = sorted(item.pk for item in value)  # type: ignore[attr-defined]
        elif field == "programme":
            encoded[field] = value.pk if value is not None else None  # type: ignore[attr-defined]
        elif field in DATE_FIELDS:
            encoded[field] = value.isoformat() if isinstance(value, date) else None
        elif isinstance(value, str):
            encoded[field] = normalize_newlines(value)
        else:
            encoded[field] = value
    return encoded


def campaign_values(campaign: Campaign) -> dict[str, object]:
    """The campaign's current editable values, encoded like a revision's."""
    values = {field: getattr(campaign, field) for field in EDITABLE_FIELDS}
    for field in MANY_TO_MANY_FIELDS:
        values[field] = list(getattr(campaign, field).all())
    return values_to_json(values)


class Invitation(models.Model):
    """An invitation to join an organisation's staff, sent by email with a signed,
    expiring link (``campaigns.portal.invitations``); used once."""

    organisation = models.ForeignKey(
        MemberOrganisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("member organisation"),
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=OrganisationMembership.Role.choices,
        default=OrganisationMembership.Role.EDITOR,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"
