"""Consents in the donor area, on the giving form and from the link in every email."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from donations.consents import records, selectors
from donations.consents.links import withdrawal_token
from donations.models import CheckoutIntent, Consent
from donations.notifications.emails import send_gift_receipt
from tests.donations.test_checkout import form_data, give_url
from tests.factories.campaigns import CampaignFactory, MemberOrganisationFactory
from tests.factories.donations import DonorFactory, GiftFactory

from .helpers import signed_in_donor

pytestmark = pytest.mark.django_db

NEWSLETTER = Consent.Topic.NEWSLETTER
CONTACT = Consent.Topic.CONTACT


def choose(client, topic, given, organisation=None):
    data = {"topic": topic, "given": "1" if given else "0"}
    if organisation is not None:
        data["organisation"] = organisation.pk
    return client.post(reverse("donor-area:consents"), data)


@pytest.fixture
def ada(client):
    donor = DonorFactory(email="ada@example.org")
    gift = GiftFactory(donor=donor)
    signed_in_donor(client, "ada@example.org")
    return gift


def test_the_page_offers_the_newsletter_and_each_organisation_given_to(client, ada):
    page = client.get(reverse("donor-area:consents")).content.decode()

    assert "Nyhetsbrev" in page
    assert ada.campaign.organisation.name in page


def test_one_click_gives_and_one_click_withdraws(client, ada):
    organisation = ada.campaign.organisation

    choose(client, CONTACT, True, organisation)
    assert selectors.current_consent(ada.donor, CONTACT, organisation)

    response = choose(client, CONTACT, False, organisation)

    assert response.status_code == 302
    assert not selectors.current_consent(ada.donor, CONTACT, organisation)
    rows = Consent.objects.order_by("created_at", "id")
    assert [(r.given, r.source) for r in rows] == [(True, "donor_area"), (False, "donor_area")]
    assert organisation.name in rows[0].wording and organisation.name in rows[1].wording
    page = client.get(reverse("donor-area:consents")).content.decode()
    assert "Återkallat" in page or "Withdrawn" in page


def test_a_choice_applies_to_every_verified_address(client, ada):
    from allauth.account.models import EmailAddress

    second = DonorFactory(email="ada.work@example.org")
    user = EmailAddress.objects.get(email="ada@example.org").user
    EmailAddress.objects.create(user=user, email="ada.work@example.org", verified=True)

    choose(client, NEWSLETTER, True)

    assert selectors.current_consent(ada.donor, NEWSLETTER, None)
    assert selectors.current_consent(second, NEWSLETTER, None)


@pytest.mark.parametrize(
    "data",
    [
        {"topic": "contact", "given": "1"},
        {"topic": "newsletter", "given": "maybe"},
        {"topic": "sms", "given": "1"},
        {"topic": "contact", "given": "1", "organisation": "999999"},
        {"topic": "contact", "given": "1", "organisation": "not a number"},
    ],
)
def test_a_bad_choice_changes_nothing(client, ada, data):
    response = client.post(reverse("donor-area:consents"), data)

    assert response.status_code == 302
    assert not Consent.objects.exists()


def test_an_account_without_verified_gifts_records_nothing(client):
    signed_in_donor(client, "nobody@example.org")

    choose(client, NEWSLETTER, True)

    assert not Consent.objects.exists()


def test_the_giving_form_asks_may_the_organisation_contact_me(client):
    campaign = CampaignFactory()

    page = client.get(campaign.get_absolute_url()).content.decode()

    assert f"{campaign.organisation.name} får kontakta mig" in page


def test_the_giving_form_keeps_the_ticked_contact_wording_on_the_checkout(client):
    campaign = CampaignFactory()

    client.post(give_url(campaign), form_data(contact_consent="on"))

    intent = CheckoutIntent.objects.get()
    assert campaign.organisation.name in intent.contact_consent_wording
    assert intent.consent_given_at is not None


def test_a_campaign_of_the_centre_itself_asks_no_organisation(client):
    campaign = CampaignFactory(organisation=None)

    client.post(give_url(campaign), form_data(contact_consent="on"))

    assert CheckoutIntent.objects.get().contact_consent_wording == ""


def given_everything(donor):
    organisation = MemberOrganisationFactory()
    for topic, org in ((NEWSLETTER, None), (CONTACT, organisation)):
        records.record_consent(
            donor, topic=topic, organisation=org, given=True, wording="yes", source="giving_form"
        )
    return organisation


def test_the_email_link_withdraws_everything_without_signing_in():
    donor = DonorFactory()
    given_everything(donor)
    url = reverse("donor-area:withdraw-consents", kwargs={"token": withdrawal_token(donor)})
    anonymous = Client(enforce_csrf_checks=True)

    shown = anonymous.get(url)
    assert shown.status_code == 200
    assert selectors.given_consents(donor), "looking at the page withdraws nothing"

    done = anonymous.post(url)
    again = anonymous.post(url)

    assert done.status_code == again.status_code == 200
    assert selectors.given_consents(donor) == []
    assert Consent.objects.filter(given=False, source="email_link").count() == 2


@pytest.mark.parametrize("token", ["nonsense", "1:bad", "1", "x:" + "A" * 43])
def test_a_tampered_link_is_refused_and_changes_nothing(client, token):
    donor = DonorFactory()
    given_everything(donor)

    response = client.post(reverse("donor-area:withdraw-consents", kwargs={"token": token}))

    assert response.status_code == 400
    assert len(selectors.given_consents(donor)) == 2


def test_one_donors_link_never_touches_another_donor():
    ada, bo = DonorFactory(), DonorFactory()
    given_everything(ada)
    given_everything(bo)

    Client().post(reverse("donor-area:withdraw-consents", kwargs={"token": withdrawal_token(ada)}))

    assert selectors.given_consents(ada) == []
    assert len(selectors.given_consents(bo)) == 2


def test_every_receipt_carries_the_manage_and_withdraw_links_and_one_click_headers():
    gift = GiftFactory()

    send_gift_receipt(gift)

    [message] = mail.outbox
    token = withdrawal_token(gift.donor)
    assert token in message.body and "/mina-gavor/" in message.body
    assert token in message.alternatives[0][0]
    assert token in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
