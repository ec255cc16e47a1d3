"""The signed, expiring token in an invitation's link."""

from datetime import timedelta

from django.core import signing

from .models import Invitation

INVITATION_SALT = "campaigns.portal.invitation"
INVITATION_VALID_FOR = timedelta(days=7)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT, compress=True)


def invitation_from_token(token: str) -> Invitation | None:
    """The unused invitation a token names, or None when it is forged, expired or used."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_VALID_FOR)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return (
        Invitation.objects.select_related("organisation")
        .filter(pk=pk, accepted_at__isnull=True)
        .first()
    )
