"""Consents as a history: every consent given or withdrawn is a row of its own, with the
exact wording shown, the language, the time and where it happened. Rows are never
changed; a donor's current choice is their latest row for the topic."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import MemberOrganisation

from .donors import CheckoutIntent, Donor


class ConsentTopic(models.TextChoices):
    NEWSLETTER = "newsletter", _("Newsletter")
    CONTACT = "contact", _("Contact from a member organisation")


class ConsentSource(models.TextChoices):
    GIVING_FORM = "giving_form", _("Giving form")
    DONOR_AREA = "donor_area", _("Donor's own pages")
    EMAIL_LINK = "email_link", _("Link in an email")


class ConsentIsAppendOnly(Exception):
    """A recorded consent was about to be changed; record a new one instead."""


class Consent(models.Model):
    """One consent given or withdrawn by a donor (append-only).

    ``organisation`` is set for "may contact me" consents and empty for the newsletter."""

    Topic = ConsentTopic
    Source = ConsentSource

    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="consents", verbose_name=_("donor")
    )
    topic = models.CharField(_("topic"), max_length=16, choices=ConsentTopic.choices)
    organisation = models.ForeignKey(
        MemberOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("member organisation"),
    )
    given = models.BooleanField(_("given"), help_text=_("False: the consent was withdrawn."))
    wording = models.TextField(_("wording shown"))
    language = models.CharField(_("language"), max_length=8)
    source = models.CharField(_("source"), max_length=16, choices=ConsentSource.choices)
    checkout_intent = models.ForeignKey(
        CheckoutIntent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("checkout"),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(topic=ConsentTopic.CONTACT) & Q(organisation__isnull=False))
                | (~Q(topic=ConsentTopic.CONTACT) & Q(organisation__isnull=True)),
                name="consent_organisation_iff_contact",
            ),
            # A checkout's consents are recorded once, however often its payment is reported.
            models.UniqueConstraint(
                fields=["checkout_intent", "topic"],
                condition=Q(checkout_intent__isnull=False),
                name="consent_once_per_checkout_and_topic",
            ),
        ]
        indexes = [
            models.Index(fields=["donor", "topic", "organisation", "created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}: {self.given}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ConsentIsAppendOnly(f"consent {self.pk} is history; record a new one")
        super().save(*args, **kwargs)
