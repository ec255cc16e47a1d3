"""The donor area's pages: only gifts of the account's verified addresses, ever."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import translation

from donations.models import RecurringPlan
from tests.factories.accounts import UserFactory
from tests.factories.donations import DonorFactory, GiftFactory

from .helpers import signed_in_donor

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_donors():
    """Ada and Bo, each with a gift; Ada is signed in."""
    ada = GiftFactory(donor=DonorFactory(email="ada@example.org"), donor_name="Ada Lovelace")
    bo = GiftFactory(donor=DonorFactory(email="bo@example.org"), donor_name="Bo Ek")
    return ada, bo


def test_the_gift_list_shows_own_gifts_only(client, two_donors):
    ada, bo = two_donors
    signed_in_donor(client, "ada@example.org")

    page = client.get(reverse("donor-area:gifts")).content.decode()

    assert ada.receipt_reference in page
    assert bo.receipt_reference not in page


def test_a_gift_shows_date_campaign_amount_status_and_receipt(client):
    gift = GiftFactory(
        donor=DonorFactory(email="ada@example.org"),
        amount_minor=25000,
        refunded_minor=5000,
        status="partially_refunded",
    )
    signed_in_donor(client, "ada@example.org")

    page = client.get(reverse("donor-area:gifts")).content.decode()

    assert gift.campaign.title in page
    assert "250\xa0kr" in page or "250 kr" in page
    assert "Delvis återbetald" in page
    assert reverse("donor-area:gift-receipt", args=[gift.pk]) in page


def test_own_receipt_downloads_as_pdf(client, two_donors):
    ada, _bo = two_donors
    signed_in_donor(client, "ada@example.org")

    response = client.get(reverse("donor-area:gift-receipt", args=[ada.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="kvitto-{ada.receipt_reference}.pdf"' in response["Content-Disposition"]
    with translation.override("en"):
        english = client.get(reverse("donor-area:gift-receipt", args=[ada.pk]))
    assert f'filename="receipt-{ada.receipt_reference}.pdf"' in english["Content-Disposition"]


def test_another_donors_receipt_is_not_found(client, two_donors):
    _ada, bo = two_donors
    signed_in_donor(client, "ada@example.org")

    response = client.get(reverse("donor-area:gift-receipt", args=[bo.pk]))

    assert response.status_code == 404


def test_a_guessed_gift_id_is_not_found(client, two_donors):
    signed_in_donor(client, "ada@example.org")

    response = client.get(reverse("donor-area:gift-receipt", args=[999_999]))

    assert response.status_code == 404


def test_an_unverified_address_shows_nothing_and_says_why(client, two_donors):
    ada, _bo = two_donors
    user = UserFactory(email="ada@example.org", verified_email=False)
    client.force_login(user)

    page = client.get(reverse("donor-area:gifts")).content.decode()
    receipt = client.get(reverse("donor-area:gift-receipt", args=[ada.pk]))

    assert ada.receipt_reference not in page
    assert "inte bekräftad" in page
    assert 'name="action_send"' in page
    assert receipt.status_code == 404


def test_an_unverified_second_address_claims_nothing(client, two_donors):
    _ada, bo = two_donors
    user = signed_in_donor(client, "ada@example.org")
    EmailAddress.objects.create(user=user, email="Bo@Example.org", verified=False)

    page = client.get(reverse("donor-area:gifts")).content.decode()

    assert bo.receipt_reference not in page


def test_two_verified_addresses_show_both_histories(client, two_donors):
    ada, bo = two_donors
    user = signed_in_donor(client, "ada@example.org")
    EmailAddress.objects.create(user=user, email="BO@example.org", verified=True)

    page = client.get(reverse("donor-area:gifts")).content.decode()

    assert ada.receipt_reference in page and bo.receipt_reference in page


def test_the_overview_lists_the_sections_and_addresses(client, two_donors):
    signed_in_donor(client, "ada@example.org")

    page = client.get(reverse("donor-area:overview")).content.decode()

    assert "ada@example.org" in page
    assert reverse("donor-area:gifts") in page
    assert "Du har gett 1 gåva." in page


@pytest.mark.parametrize(
    ("statuses", "swedish", "english"),
    [
        ([], "Du har gett 1 gåva.</p>", "You have given 1 gift.</p>"),
        (
            ["active", "cancelled"],
            "Du har gett 1 gåva. Du har 1 pågående månadsgåva.",
            "You have given 1 gift. You have 1 ongoing monthly gift.",
        ),
        (
            ["active", "paused"],
            "Du har gett 1 gåva. Du har 2 pågående månadsgåvor.",
            "You have given 1 gift. You have 2 ongoing monthly gifts.",
        ),
    ],
)
def test_the_overview_counts_gifts_and_ongoing_monthly_gifts(
    client, two_donors, statuses, swedish, english
):
    ada, _bo = two_donors
    for number, status in enumerate(statuses):
        RecurringPlan.objects.create(
            stripe_subscription_id=f"sub_{number}",
            donor=ada.donor,
            amount_minor=10000,
            currency="SEK",
            status=status,
        )
    signed_in_donor(client, "ada@example.org")

    page = client.get(reverse("donor-area:overview")).content.decode()
    english_page = client.get("/en/my-gifts/").content.decode()

    assert swedish in page and "av dem" not in page
    assert english in english_page and "of them" not in english_page


def test_the_monthly_gifts_card_describes_what_can_be_done_in_swedish(client, two_donors):
    signed_in_donor(client, "ada@example.org")

    page = client.get(reverse("donor-area:overview")).content.decode()

    assert "Ändra beloppet, pausa, återuppta eller avsluta, och byt kort." in page
    assert "visas här när din e-postadress är bekräftad" not in page


def test_the_pages_are_in_english_under_en(client, two_donors):
    signed_in_donor(client, "ada@example.org")

    page = client.get("/en/my-gifts/gifts/").content.decode()

    assert "Receipt" in page and "Gifts" in page


def test_the_header_leads_to_the_donor_area(client):
    page = client.get(reverse("campaigns:home")).content.decode()

    assert "Hantera dina gåvor" in page
    assert reverse("donor-area:overview") in page


def test_no_page_shows_anything_of_another_donor(client, two_donors):
    """Ada's pages never name Bo, his gift, his campaign or its organisation."""
    _ada, bo = two_donors
    signed_in_donor(client, "ada@example.org")
    pages = [
        reverse("donor-area:overview"),
        reverse("donor-area:gifts"),
        reverse("donor-area:statements"),
        reverse("donor-area:statement", args=[bo.receipt_year]),
        reverse("donor-area:consents"),
    ]

    for url in pages:
        page = client.get(url).content.decode()
        for secret in ("bo@example.org", "Bo Ek", bo.receipt_reference, bo.campaign.title):
            assert secret not in page, (url, secret)
        assert bo.campaign.organisation.name not in page, url


def test_the_verify_button_sends_the_verification_email(client, two_donors, mailoutbox):
    user = UserFactory(email="ada@example.org", verified_email=False)
    client.force_login(user)

    client.post(reverse("account_email"), {"email": "ada@example.org", "action_send": ""})

    assert [message.to for message in mailoutbox] == [["ada@example.org"]]
