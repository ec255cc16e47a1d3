"""The personnummer a donor gave for the tax reduction for gifts, kept for nothing else.

A number typed on the giving form belongs to that checkout, not to the donor's row: a
visitor who types someone else's email address must neither attach a number to that
donor nor claim that donor's gifts. A number given in the donor area (by a signed-in
person, for the donors of their verified addresses only) is a donor-level claim: no
checkout. The KU65 report sums, per personnummer, the gifts of those checkouts (and the
installments of the monthly gifts they started), and every other gift of a donor under
that donor's donor-level claim."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..finance.personnummer import mask_personnummer
from .donors import CheckoutIntent, Donor


class TaxReductionClaim(models.Model):
    checkout_intent = models.OneToOneField(
        CheckoutIntent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tax_claim",
        verbose_name=_("checkout"),
    )
    donor = models.ForeignKey(
        Donor, on_delete=models.CASCADE, related_name="tax_claims", verbose_name=_("donor")
    )
    personnummer = models.CharField(
        _("personnummer"), max_length=12, help_text=_("12 digits, for the KU65 report only.")
    )
    created_at = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        verbose_name = _("tax reduction personnummer")
        verbose_name_plural = _("tax reduction personnummer")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["personnummer"])]
        constraints = [
            models.UniqueConstraint(
                fields=["donor"],
                condition=models.Q(checkout_intent__isnull=True),
                name="one_donor_level_tax_claim_per_donor",
            )
        ]

    def __str__(self) -> str:
        return mask_personnummer(self.personnummer)
