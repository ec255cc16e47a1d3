"""Asking for a sign-in code: allauth's form, which also opens a donor's first account."""

from __future__ import annotations

from allauth.account.forms import RequestLoginCodeForm

from . import services


class DonorLoginCodeForm(RequestLoginCodeForm):
    """allauth's "send me a sign-in code" form (its rate limits and enumeration
    protection unchanged). For an address that has given but has no account yet, the
    account is opened first, so the code goes to the donor instead of an "unknown
    account" email; the code then verifies the address."""

    def clean_email(self) -> str:
        email = super().clean_email()
        if email and self._user is None:
            self._user = services.account_for_donor(email)
        return email
