"""Recording consents: every change is a new row, never an edit of an old one.

A consent is recorded only when it changes the donor's current state, so a repeated
click or a link followed twice adds nothing; the donor's row is locked while deciding,
so two clicks at once add one row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from campaigns.models import MemberOrganisation

from ..models import CheckoutIntent, Consent, Donor
from . import selectors


def record_consent(
    donor: Donor,
    *,
    topic: str,
    given: bool,
    wording: str,
    source: str,
    organisation: MemberOrganisation | None = None,
    language: str | None = None,
    at: datetime | None = None,
) -> Consent | None:
    """Record a consent given or withdrawn, unless it is the donor's current state already;
    returns the new row (None when nothing changed)."""
    with transaction.atomic():
        Donor.objects.select_for_update().filter(pk=donor.pk).first()
        if selectors.current_consent(donor, topic, organisation) == given:
            return None
        return Consent.objects.create(
            donor=donor,
            topic=topic,
            organisation=organisation,
            given=given,
            wording=str(wording),
            language=language or translation.get_language() or "",
            source=source,
            created_at=at or timezone.now(),
        )


def record_checkout_consents(intent: CheckoutIntent) -> list[Consent]:
    """The consents ticked on the giving form, recorded once the gift is paid (not when
    the form is sent: anyone may type any address, but only a payment makes a gift).
    Each is recorded once per checkout, however often the payment is reported."""
    wanted = []
    if intent.newsletter_consent and intent.consent_wording:
        wanted.append((Consent.Topic.NEWSLETTER, None, intent.consent_wording))
    organisation = intent.campaign.organisation if intent.campaign else None
    if intent.contact_consent_wording and organisation is not None:
        wanted.append((Consent.Topic.CONTACT, organisation, intent.contact_consent_wording))
    recorded = []
    for topic, org, wording in wanted:
        try:
            with transaction.atomic():
                recorded.append(
                    Consent.objects.create(
                        donor=intent.donor,
                        topic=topic,
                        organisation=org,
                        given=True,
                        wording=wording,
                        language=intent.language,
                        source=Consent.Source.GIVING_FORM,
                        checkout_intent=intent,
                        created_at=intent.consent_given_at or intent.created_at,
                    )
                )
        except IntegrityError:
            continue  # recorded by an earlier delivery of the same payment
    return recorded


def _record_each(
    choices: Iterable[tuple[Donor, str, MemberOrganisation | None]],
    *,
    given: bool,
    wording: str,
    source: str,
) -> int:
    """Record one answer for each (donor, topic, organisation); returns how many changed."""
    changed = 0
    for donor, topic, organisation in choices:
        row = record_consent(
            donor,
            topic=topic,
            organisation=organisation,
            given=given,
            wording=wording,
            source=source,
        )
        changed += row is not None
    return changed


def set_consent_for_donors(
    donors: Iterable[Donor],
    *,
    topic: str,
    given: bool,
    wording: str,
    source: str,
    organisation: MemberOrganisation | None = None,
) -> int:
    """Give or withdraw one consent for each of a person's donor records (one per verified
    address); returns how many changed."""
    choices = ((donor, topic, organisation) for donor in donors)
    return _record_each(choices, given=given, wording=wording, source=source)


def withdraw_all(donors: Iterable[Donor], *, wording: str, source: str) -> int:
    """Withdraw every consent the donors have given; returns how many were withdrawn."""
    choices = (
        (donor, topic, organisation)
        for donor in donors
        for topic, organisation in selectors.given_consents(donor)
    )
    return _record_each(choices, given=False, wording=wording, source=source)
