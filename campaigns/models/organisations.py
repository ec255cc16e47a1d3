"""The centre's member organisations and the people who work for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberOrganisation(models.Model):
    """A member of the centre (trade union, party, study association...) that runs campaigns."""

    class Kind(models.TextChoices):
        TRADE_UNION = "trade_union", _("Trade union or confederation")
        PARTY = "party", _("Political party")
        STUDY_ASSOCIATION = "study_association", _("Study association")
        TENANTS = "tenants", _("Tenants' association")
        YOUTH = "youth", _("Children's and youth organisation")
        COOPERATIVE = "cooperative", _("Cooperative")
        OTHER = "other", _("Other organisation")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationMembership",
        related_name="member_organisations",
        verbose_name=_("staff"),
    )

    class Meta:
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationMembership(models.Model):
    """A user who works for a member organisation: an editor edits and submits its
    campaigns; an admin also invites and removes colleagues."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        MemberOrganisation, on_delete=models.CASCADE, verbose_name=_("member organisation")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.EDITOR)

    class Meta:
        verbose_name = _("organisation staff member")
        verbose_name_plural = _("organisation staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
