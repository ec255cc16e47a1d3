"""Consent as an append-only history (``donations.consents``)."""

import pytest

from donations.consents import records, selectors
from donations.models import Consent, ConsentIsAppendOnly
from tests.donations import stripe_events as se
from tests.factories.campaigns import CampaignFactory, MemberOrganisationFactory
from tests.factories.donations import CheckoutIntentFactory, DonorFactory, GiftFactory

pytestmark = pytest.mark.django_db

NEWSLETTER = Consent.Topic.NEWSLETTER
CONTACT = Consent.Topic.CONTACT


def give(donor, topic=NEWSLETTER, organisation=None, given=True, source=Consent.Source.DONOR_AREA):
    return records.record_consent(
        donor,
        topic=topic,
        organisation=organisation,
        given=given,
        wording=f"words {given}",
        source=source,
    )


def test_each_change_is_a_new_row_and_the_latest_decides():
    donor = DonorFactory()
    give(donor)
    give(donor, given=False)

    assert selectors.current_consent(donor, NEWSLETTER, None) is False
    rows = list(Consent.objects.order_by("created_at", "id").values_list("given", "wording"))
    assert rows == [(True, "words True"), (False, "words False")]


def test_a_consent_is_never_changed_in_place():
    row = give(DonorFactory())
    row.given = False

    with pytest.raises(ConsentIsAppendOnly):
        row.save()
    assert Consent.objects.get().given is True


def test_repeating_the_current_choice_adds_nothing():
    donor = DonorFactory()
    assert give(donor) is not None

    assert give(donor) is None
    assert Consent.objects.count() == 1


def test_withdrawing_what_was_never_given_adds_nothing():
    assert give(DonorFactory(), given=False) is None
    assert not Consent.objects.exists()


def test_consents_are_kept_per_organisation():
    donor = DonorFactory()
    union, party = MemberOrganisationFactory(), MemberOrganisationFactory()
    give(donor, CONTACT, union)

    assert selectors.current_consent(donor, CONTACT, union)
    assert not selectors.current_consent(donor, CONTACT, party)
    assert not selectors.current_consent(donor, NEWSLETTER, None)


def test_the_row_keeps_wording_language_time_and_source():
    row = give(DonorFactory(), source=Consent.Source.EMAIL_LINK)

    assert (row.wording, row.language, row.source) == ("words True", "sv", "email_link")
    assert row.created_at is not None


def test_donors_consenting_to_contact_by_one_organisation():
    union, party = MemberOrganisationFactory(), MemberOrganisationFactory()
    yes, withdrew, other_org, never = (DonorFactory() for _ in range(4))
    give(yes, CONTACT, union)
    give(withdrew, CONTACT, union)
    give(withdrew, CONTACT, union, given=False)
    give(other_org, CONTACT, party)
    give(never, NEWSLETTER)

    assert list(selectors.donors_consenting_to_contact(union)) == [yes]
    assert list(selectors.newsletter_subscribers()) == [never]


def test_withdraw_all_withdraws_every_given_consent_once():
    donor = DonorFactory()
    union = MemberOrganisationFactory()
    give(donor)
    give(donor, CONTACT, union)

    assert records.withdraw_all([donor], wording="all", source="email_link") == 2
    assert records.withdraw_all([donor], wording="all", source="email_link") == 0
    assert selectors.given_consents(donor) == []


def test_the_giving_form_consents_are_recorded_when_the_gift_is_paid(deliver):
    campaign = CampaignFactory()
    intent = CheckoutIntentFactory(
        campaign=campaign,
        newsletter_consent=True,
        consent_wording="Yes, news please.",
        contact_consent_wording=f"Yes, {campaign.organisation.name} may contact me.",
        language="en",
    )
    assert not Consent.objects.exists(), "nothing is recorded before the payment"
    session = se.checkout_session(intent, payment_intent="pi_consent")

    deliver(se.event("checkout.session.completed", session))
    deliver(se.event("checkout.session.async_payment_succeeded", session))

    rows = Consent.objects.order_by("topic")
    assert [(r.topic, r.organisation, r.given, r.source, r.language) for r in rows] == [
        (CONTACT, campaign.organisation, True, "giving_form", "en"),
        (NEWSLETTER, None, True, "giving_form", "en"),
    ]
    assert rows[0].wording.endswith("may contact me.")
    assert rows[0].checkout_intent == intent


def test_no_tick_on_the_giving_form_records_nothing(deliver):
    intent = CheckoutIntentFactory()

    deliver(se.event("checkout.session.completed", se.checkout_session(intent)))

    assert not Consent.objects.exists()


def test_the_overview_lists_the_newsletter_and_organisations_given_to():
    donor = DonorFactory()
    gift = GiftFactory(donor=donor)
    give(donor)

    states = selectors.consent_overview([donor])

    assert [(s.topic, s.organisation, s.given) for s in states] == [
        (NEWSLETTER, None, True),
        (CONTACT, gift.campaign.organisation, False),
    ]
