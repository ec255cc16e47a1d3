"""State changes of the donor area: a donor's account opened on their first sign-in code."""

from __future__ import annotations

from accounts.models import User
from accounts.services import open_passwordless_account

from ..models import Donor


def account_for_donor(email: str) -> User | None:
    """An account for a donor who has none yet, so their first sign-in code can reach them.

    Only for an address someone has given with, and only when no account holds that
    address already (allauth found none; an inactive one stays inactive). The address
    is verified by the code itself, never here."""
    donor = Donor.objects.filter(email=email.strip().lower()).first()
    if donor is None or User.objects.filter(email__iexact=donor.email).exists():
        return None
    return open_passwordless_account(donor.email, language=donor.language)
