"""The signed link in every donor email that withdraws their consents without signing in.

The link names only the donor record it was sent to; it does not expire, since a
withdrawal must work from any old email, and following it twice changes nothing."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from ..models import Donor
from ..notifications.links import absolute_url

WITHDRAWAL_SALT = "donations.consent-withdrawal"


def withdrawal_token(donor: Donor) -> str:
    """The donor's id, signed (the same token in every email: it never expires)."""
    return signing.Signer(salt=WITHDRAWAL_SALT).sign(str(donor.pk))


def donor_from_withdrawal_token(token: str) -> Donor | None:
    try:
        donor_pk = signing.Signer(salt=WITHDRAWAL_SALT).unsign(token)
    except signing.BadSignature:
        return None
    if not donor_pk.isdigit():
        return None
    return Donor.objects.filter(pk=int(donor_pk)).first()


def withdrawal_url(donor: Donor) -> str:
    """The absolute link, in the active language."""
    return absolute_url(
        reverse("donor-area:withdraw-consents", kwargs={"token": withdrawal_token(donor)})
    )
