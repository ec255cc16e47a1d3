"""Asking for a sign-in code (allauth's form, which also opens a donor's first account) and
choosing consents."""

from __future__ import annotations

from allauth.account.forms import RequestLoginCodeForm
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.services import account_a_code_may_open
from campaigns.models import MemberOrganisation

from ..consents.wording import (
    NEWSLETTER_CONSENT_WORDING,
    NEWSLETTER_WITHDRAWAL_WORDING,
    contact_consent_wording,
    contact_withdrawal_wording,
)
from ..models import ConsentTopic
from . import services


class DonorLoginCodeForm(RequestLoginCodeForm):
    """allauth's "send me a sign-in code" form (its rate limits and enumeration
    protection unchanged). For an address that has given but has no account yet, the
    account is opened first, so the code goes to the donor instead of an "unknown
    account" email; the code then verifies the address. An account that holds the
    address unverified is opened only as ``account_a_code_may_open`` allows."""

    def clean_email(self) -> str:
        email = super().clean_email()
        if email and self._user is not None:
            self._user = account_a_code_may_open(self._user, email)
        if email and self._user is None:
            self._user = services.account_for_donor(email)
        return email


class ConsentChoiceForm(forms.Form):
    """One click on the consent page: give or withdraw one consent."""

    topic = forms.ChoiceField(choices=ConsentTopic.choices)
    organisation = forms.ModelChoiceField(queryset=MemberOrganisation.objects.all(), required=False)
    given = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")

    def clean(self) -> dict:
        data = super().clean()
        contact = data.get("topic") == ConsentTopic.CONTACT
        if contact != (data.get("organisation") is not None):
            raise forms.ValidationError(_("Choose a consent from the list."))
        return data

    def wording(self) -> str:
        """The words on the button the donor pressed, as recorded with the consent."""
        data = self.cleaned_data
        return wording_for(data["topic"], data["organisation"], given=data["given"])


def wording_for(topic: str, organisation: MemberOrganisation | None, *, given: bool) -> str:
    """What the button giving (or withdrawing) a consent says."""
    if topic == ConsentTopic.NEWSLETTER:
        return str(NEWSLETTER_CONSENT_WORDING if given else NEWSLETTER_WITHDRAWAL_WORDING)
    if given:
        return contact_consent_wording(organisation)
    return contact_withdrawal_wording(organisation)
