"""State changes of the donor area: a donor's account opened on their first sign-in code,
and the personnummer a donor gives there for the tax reduction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import open_passwordless_account

from ..models import Donor, TaxReductionClaim


def account_for_donor(email: str) -> User | None:
    """An account for a donor who has none yet, so their first sign-in code can reach them.

    Only for an address someone has given with, and only when no account holds that
    address already (allauth found none; an inactive one stays inactive). The address
    is verified by the code itself, never here."""
    donor = Donor.objects.filter(email=email.strip().lower()).first()
    if donor is None or User.objects.filter(email__iexact=donor.email).exists():
        return None
    return open_passwordless_account(donor.email, language=donor.language)


@transaction.atomic
def set_donor_personnummer(donors: Iterable[Donor], personnummer: str) -> int:
    """Give (or replace) the donor-level personnummer of each donor: the number the KU65
    report counts their gifts under where the checkout was given none. ``personnummer``
    is already normalised. Returns how many donors now carry it."""
    locked = list(Donor.objects.select_for_update().filter(pk__in=_pks(donors), erased_at=None))
    for donor in locked:
        TaxReductionClaim.objects.update_or_create(
            donor=donor,
            checkout_intent=None,
            defaults={"personnummer": personnummer, "created_at": timezone.now()},
        )
    return len(locked)


@transaction.atomic
def remove_donor_personnummer(donors: Iterable[Donor]) -> int:
    """Delete the donors' donor-level claims (numbers given at checkout stay with those
    checkouts). Returns how many were deleted."""
    list(Donor.objects.select_for_update().filter(pk__in=_pks(donors)))
    deleted, _ = TaxReductionClaim.objects.filter(
        donor_id__in=_pks(donors), checkout_intent=None
    ).delete()
    return deleted


def _pks(donors: Iterable[Donor]) -> list[int]:
    return [donor.pk for donor in donors]
