"""Erasing a donor's personal data while keeping the books (Swedish bookkeeping law
keeps amounts, dates and receipt numbers for seven years).

Order matters: the donor's live monthly gifts are cancelled in Stripe first and the
Stripe customers deleted (so Stripe stops charging and forgets name, email and cards);
only then are name, email, messages and tribute details blanked on every row that
holds them (donor, checkouts, gifts, accounts, stored webhook copies), in one
transaction. Refused while a dispute is open (its evidence needs the donor's details).
Logged as who, when and which kinds of fields, never the values; cannot be undone."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .. import stripe_gateway
from ..audit import record_staff_action
from ..ledger.plans import apply_plan_status
from ..models import (
    OPEN_DISPUTE_STATUSES,
    CheckoutIntent,
    Dispute,
    Donor,
    Gift,
    RecurringPlan,
    TaxReductionClaim,
    WebhookEvent,
)

ERASED_FIELDS = (
    "name",
    "email address",
    "names given with gifts",
    "public messages",
    "tribute names and addresses",
    "personnummer",
    "account",
    "Stripe customer",
    "copies of Stripe events",
)
# Keys of Stripe objects that hold a person's details; blanked in stored event copies.
PERSONAL_KEYS = frozenset(
    {
        "address",
        "billing_details",
        "business_name",
        "customer_address",
        "customer_details",
        "customer_email",
        "customer_name",
        "customer_phone",
        "customer_shipping",
        "email",
        "individual_name",
        "name",
        "phone",
        "receipt_email",
        "shipping",
    }
)


class ErasureRefused(Exception):
    """The data cannot be erased now; the message says why, in the reader's language."""


def erasure_refusal(donors: Iterable[Donor]) -> str | None:
    """Why these donors' data cannot be erased now, or None."""
    if Dispute.objects.filter(gift__donor__in=donors, status__in=OPEN_DISPUTE_STATUSES).exists():
        return _(
            "A payment of yours is being disputed with the card issuer. Your data can be "
            "erased once the dispute is closed."
        )
    return None


def erase_donors(donors: Iterable[Donor], *, by: User, users: Iterable[User] = ()) -> int:
    """Erase the donors' personal data (and the given accounts'); returns how many donors.

    Stripe first: a failure there raises ``ErasureRefused`` with nothing erased here."""
    donors = [donor for donor in donors if donor.erased_at is None]
    reason = erasure_refusal(donors)
    if reason:
        raise ErasureRefused(reason)
    try:
        _end_at_stripe(donors)
    except stripe_gateway.StripeError as exc:
        raise ErasureRefused(
            _(
                "We could not reach the payment provider, so nothing was erased. "
                "Please try again in a few minutes."
            )
        ) from exc
    with transaction.atomic():
        for donor in donors:
            _erase_donor(donor, by)
        for user in users:
            _erase_account(user)
    return len(donors)


def _end_at_stripe(donors: list[Donor]) -> None:
    now = timezone.now()
    for plan in RecurringPlan.objects.filter(donor__in=donors).exclude(
        status=RecurringPlan.Status.CANCELLED
    ):
        stripe_gateway.cancel_subscription(
            plan.stripe_subscription_id, "", idempotency_key=f"erasure-{plan.pk}"
        )
        with transaction.atomic():
            apply_plan_status(plan, RecurringPlan.Status.CANCELLED, now)
    for customer_id in _stripe_customers(donors):
        stripe_gateway.delete_customer(customer_id)


def _stripe_customers(donors: list[Donor]) -> set[str]:
    """The Stripe customers we know paid for these donors: the donor's and each plan's."""
    customers = {donor.stripe_customer_id for donor in donors}
    customers |= set(
        RecurringPlan.objects.filter(donor__in=donors).values_list("stripe_customer_id", flat=True)
    )
    return {customer for customer in customers if customer}


def _erase_donor(donor: Donor, by: User) -> None:
    donor = Donor.objects.select_for_update().get(pk=donor.pk)
    email = donor.email
    _scrub_event_copies(email, _stripe_customers([donor]))
    CheckoutIntent.objects.filter(donor=donor).update(
        donor_name="", public_message="", tribute_name="", tribute_notify_email=""
    )
    Gift.objects.filter(donor=donor).update(donor_name="", public_message="")
    TaxReductionClaim.objects.filter(donor=donor).delete()
    for address in EmailAddress.objects.filter(email__iexact=email).select_related("user"):
        if address.user.email.lower() == email:
            _erase_account(address.user)
        address.delete()
    donor.name = ""
    donor.email = f"erased-{donor.pk}@erased.invalid"
    donor.user = None
    donor.erased_at = timezone.now()
    donor.save(update_fields=["name", "email", "user", "erased_at"])
    record_staff_action(by, donor, "Personal data erased: " + ", ".join(ERASED_FIELDS) + ".")


def _erase_account(user: User) -> None:
    """An account of an erased donor: no name or address left, and no way to sign in."""
    EmailAddress.objects.filter(user=user).delete()
    user.first_name = ""
    user.last_name = ""
    user.email = f"erased-user-{user.pk}@erased.invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save()


def scrub_deleted_customer(customer_id: str, email: str) -> None:
    """``customer.deleted`` arrives after an erasure with the customer's details in it:
    blank them (and any other copy) if the customer paid for an erased donor."""
    erased = Donor.objects.filter(erased_at__isnull=False)
    if (
        erased.filter(stripe_customer_id=customer_id).exists()
        or erased.filter(plans__stripe_customer_id=customer_id).exists()
    ):
        _scrub_event_copies(email, {customer_id})


def _scrub_event_copies(email: str, customers: set[str]) -> None:
    """Blank personal fields in stored events that name the donor's email or customers."""
    needles = [needle for needle in (email, *customers) if needle]
    for event in WebhookEvent.objects.filter(_mentions(needles)).only("pk", "payload"):
        payload = json.loads(event.payload)
        WebhookEvent.objects.filter(pk=event.pk).update(payload=json.dumps(_blank(payload)))


def _mentions(needles: list[str]) -> Q:
    query = Q(pk__in=[])
    for needle in needles:
        query |= Q(payload__icontains=needle)
    return query


def _blank(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (None if key in PERSONAL_KEYS and item is not None else _blank(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_blank(item) for item in value]
    return value
