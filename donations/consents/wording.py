"""The exact words a donor agrees to or withdraws; each recorded consent keeps the
wording as shown, in the language it was shown in."""

from django.utils.translation import gettext_lazy as _

NEWSLETTER_CONSENT_WORDING = _(
    "Yes, I want news about the solidarity work by email. I can unsubscribe at any time."
)
CONTACT_CONSENT_WORDING = _(
    "Yes, %(organisation)s may contact me about its solidarity work. I can withdraw this "
    "at any time."
)
NEWSLETTER_WITHDRAWAL_WORDING = _("Stop sending me news about the solidarity work by email.")
CONTACT_WITHDRAWAL_WORDING = _("%(organisation)s may no longer contact me.")
WITHDRAW_ALL_WORDING = _("Withdraw all my consents: no newsletter, no contact.")


def contact_consent_wording(organisation: object) -> str:
    return str(CONTACT_CONSENT_WORDING) % {"organisation": organisation}


def contact_withdrawal_wording(organisation: object) -> str:
    return str(CONTACT_WITHDRAWAL_WORDING) % {"organisation": organisation}
