"""What a signed-in person may see: the donors (and so gifts and plans) whose email is
one of their verified addresses, never an unverified one."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User

from ..finance.personnummer import mask_personnummer
from ..models import Donor, Gift, PlanChange, RecurringPlan, TaxReductionClaim


@dataclass(frozen=True)
class AddressStatus:
    """The account's addresses, split by whether they may claim gifts."""

    verified: list[str]
    unverified: list[str]


def address_status(user: User) -> AddressStatus:
    rows = EmailAddress.objects.filter(user=user).order_by("email")
    return AddressStatus(
        verified=[row.email.lower() for row in rows if row.verified],
        unverified=[row.email.lower() for row in rows if not row.verified],
    )


def verified_emails(user: User) -> list[str]:
    """The user's verified addresses in lower case (donor emails are stored so)."""
    emails = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return sorted({email.lower() for email in emails})


def donors_of(user: User) -> QuerySet[Donor]:
    """Every donor record the user has proved to own: one per verified address."""
    if not user.is_authenticated:
        return Donor.objects.none()
    return Donor.objects.filter(email__in=verified_emails(user))


@dataclass(frozen=True)
class DonorPersonnummer:
    """A verified address and the donor-level personnummer of its donor, masked."""

    email: str
    masked: str


def donor_personnummer(user: User) -> list[DonorPersonnummer]:
    """For each donor of the user's verified addresses, the personnummer given in the
    donor area, masked ("" if none): the whole number is never shown again."""
    donors = donors_of(user).order_by("email")
    claims = TaxReductionClaim.objects.filter(donor__in=donors, checkout_intent=None)
    numbers = dict(claims.values_list("donor_id", "personnummer"))
    return [
        DonorPersonnummer(donor.email, mask_personnummer(numbers.get(donor.pk, "")))
        for donor in donors
    ]


def gifts_of(user: User) -> QuerySet[Gift]:
    """The user's gifts, newest first, with what the gift list shows."""
    return (
        Gift.objects.filter(donor__in=donors_of(user))
        .select_related("campaign", "donor")
        .order_by("-paid_at", "-pk")
    )


def gift_of(user: User, gift_id: int) -> Gift:
    """One of the user's gifts, or 404 (for a guessed id of anyone else's gift too)."""
    return get_object_or_404(gifts_of(user), pk=gift_id)


def plans_of(user: User) -> QuerySet[RecurringPlan]:
    """The user's monthly gifts, newest first."""
    return (
        RecurringPlan.objects.filter(donor__in=donors_of(user))
        .select_related("campaign", "donor")
        .order_by("-created_at", "-pk")
    )


def ongoing_plan_count(user: User) -> int:
    """How many of the user's monthly gifts have not ended (active, paused or past due)."""
    return plans_of(user).exclude(status=RecurringPlan.Status.CANCELLED).count()


def plan_of(user: User, plan_pk: int) -> RecurringPlan:
    """One of the user's monthly gifts, or 404 (for a guessed id of anyone else's too)."""
    return get_object_or_404(plans_of(user), pk=plan_pk)


def latest_changes(plans: list[RecurringPlan]) -> dict[int, PlanChange]:
    """Each plan's newest change request, for the page's "pending" note."""
    latest: dict[int, PlanChange] = {}
    for change in PlanChange.objects.filter(plan__in=plans).order_by("requested_at"):
        latest[change.plan_id] = change
    return latest
