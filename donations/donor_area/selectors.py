"""What a signed-in donor may see: records given with one of their verified addresses."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User

from ..models import Donor, PlanChange, RecurringPlan


def verified_emails(user: User) -> list[str]:
    """The user's verified addresses in lower case (donors are stored so)."""
    return [
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]


def donors_of(user: User) -> QuerySet[Donor]:
    return Donor.objects.filter(email__in=verified_emails(user))


def plans_of(user: User) -> QuerySet[RecurringPlan]:
    return (
        RecurringPlan.objects.filter(donor__in=donors_of(user))
        .select_related("campaign", "donor")
        .order_by("-created_at")
    )


def plan_of(user: User, plan_pk: int) -> RecurringPlan:
    """The user's plan, or 404: a plan of an address not verified by them is not there."""
    plan = plans_of(user).filter(pk=plan_pk).first()
    if plan is None:
        raise Http404
    return plan


def latest_changes(plans: list[RecurringPlan]) -> dict[int, PlanChange]:
    """Each plan's newest change request, for the page's "pending" and "not made" notes."""
    latest: dict[int, PlanChange] = {}
    for change in PlanChange.objects.filter(plan__in=plans).order_by("requested_at"):
        latest[change.plan_id] = change
    return latest
