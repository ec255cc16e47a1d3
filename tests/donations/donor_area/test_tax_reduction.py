"""The donor area's Tax reduction section: a signed-in donor gives, replaces or removes
the personnummer the KU65 report counts their gifts under, for the donors of their
verified addresses only, and sees it masked, never whole."""

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from donations.donor_area import services
from donations.models import TaxReductionClaim
from tests.factories.accounts import UserFactory
from tests.factories.donations import CheckoutIntentFactory, DonorFactory, GiftFactory

from .helpers import signed_in_donor

pytestmark = pytest.mark.django_db

ANNA = "198501011236"
BERTIL = "197003154569"
URL_NAME = "donor-area:tax-reduction"


@pytest.fixture(autouse=True)
def approved(settings):
    settings.APPROVED_GIFT_RECIPIENT = True


@pytest.fixture
def ada_and_bo():
    """Ada and Bo, each with a gift; nobody is signed in yet."""
    ada = DonorFactory(email="ada@example.org")
    bo = DonorFactory(email="bo@example.org")
    GiftFactory(donor=ada)
    GiftFactory(donor=bo)
    return ada, bo


def donor_claims():
    return dict(
        TaxReductionClaim.objects.filter(checkout_intent=None).values_list(
            "donor__email", "personnummer"
        )
    )


def give(client, number):
    return client.post(reverse(URL_NAME), {"personnummer": number})


def test_a_donor_gives_a_number_and_sees_it_masked(client, ada_and_bo):
    signed_in_donor(client, "ada@example.org")

    response = give(client, "850101-1236")
    page = client.get(response["Location"]).content.decode()

    assert response.status_code == 302
    assert donor_claims() == {"ada@example.org": ANNA}
    assert "Ditt personnummer har sparats." in page
    assert "19850101-xxxx" in page
    assert "1236" not in page


def test_giving_again_replaces_the_number(client, ada_and_bo):
    signed_in_donor(client, "ada@example.org")
    give(client, ANNA)

    give(client, "19700315-4569")

    assert donor_claims() == {"ada@example.org": BERTIL}
    assert TaxReductionClaim.objects.count() == 1


def test_remove_deletes_the_donor_level_number_only(client, ada_and_bo):
    ada, _bo = ada_and_bo
    intent = CheckoutIntentFactory(donor=ada)
    TaxReductionClaim.objects.create(checkout_intent=intent, donor=ada, personnummer=BERTIL)
    signed_in_donor(client, "ada@example.org")
    give(client, ANNA)

    client.post(reverse(URL_NAME), {"remove": "1"})

    assert donor_claims() == {}
    assert TaxReductionClaim.objects.get().checkout_intent == intent
    assert "Ta bort mitt personnummer" not in client.get(reverse(URL_NAME)).content.decode()


def test_an_invalid_number_gets_a_translated_error_and_changes_nothing(client, ada_and_bo):
    signed_in_donor(client, "ada@example.org")
    give(client, ANNA)

    response = give(client, "850101-1235")

    assert response.status_code == 200
    assert "inte ett giltigt svenskt personnummer" in response.content.decode()
    assert "850101-1235" not in response.content.decode()
    assert donor_claims() == {"ada@example.org": ANNA}


@pytest.mark.parametrize("text", ["", "x" * 500, "1" * 12, "\x00"])
def test_no_input_causes_a_server_error(client, ada_and_bo, text):
    signed_in_donor(client, "ada@example.org")

    assert give(client, text).status_code == 200
    assert not TaxReductionClaim.objects.exists()


def test_the_number_applies_to_every_verified_address_of_the_account(client, ada_and_bo):
    user = signed_in_donor(client, "ada@example.org")
    EmailAddress.objects.create(user=user, email="BO@example.org", verified=True)

    give(client, ANNA)

    assert donor_claims() == {"ada@example.org": ANNA, "bo@example.org": ANNA}


def test_an_unverified_second_address_gets_no_number_and_is_not_shown(client, ada_and_bo):
    _ada, bo = ada_and_bo
    user = signed_in_donor(client, "ada@example.org")
    EmailAddress.objects.create(user=user, email="bo@example.org", verified=False)
    TaxReductionClaim.objects.create(donor=bo, personnummer=BERTIL)

    give(client, ANNA)
    page = client.get(reverse(URL_NAME)).content.decode()

    assert donor_claims() == {"ada@example.org": ANNA, "bo@example.org": BERTIL}
    assert "19700315-xxxx" not in page
    assert "bo@example.org: " not in page


def test_an_unverified_address_shows_nothing_and_cannot_set_a_number(client, ada_and_bo):
    ada, _bo = ada_and_bo
    TaxReductionClaim.objects.create(donor=ada, personnummer=ANNA)
    client.force_login(UserFactory(email="ada@example.org", verified_email=False))

    page = client.get(reverse(URL_NAME)).content.decode()
    given = give(client, BERTIL)
    removed = client.post(reverse(URL_NAME), {"remove": "1"})

    assert "19850101-xxxx" not in page
    assert "inte bekräftad" in page
    assert given.status_code == removed.status_code == 302
    assert donor_claims() == {"ada@example.org": ANNA}


def test_another_donors_number_is_never_shown(client, ada_and_bo):
    _ada, bo = ada_and_bo
    TaxReductionClaim.objects.create(donor=bo, personnummer=BERTIL)
    signed_in_donor(client, "ada@example.org")

    page = client.get(reverse(URL_NAME)).content.decode()

    assert "19700315" not in page


def test_signing_in_is_required(client, ada_and_bo):
    response = give(client, ANNA)

    assert response.status_code == 302
    assert not TaxReductionClaim.objects.exists()


def test_not_an_approved_gift_recipient_shows_nothing(client, ada_and_bo, settings):
    settings.APPROVED_GIFT_RECIPIENT = False
    signed_in_donor(client, "ada@example.org")

    overview = client.get(reverse("donor-area:overview")).content.decode()

    assert client.get(reverse(URL_NAME)).status_code == 404
    assert give(client, ANNA).status_code == 404
    assert reverse(URL_NAME) not in overview
    assert not TaxReductionClaim.objects.exists()


def test_the_menu_shows_the_section_to_an_approved_gift_recipient(client, ada_and_bo):
    signed_in_donor(client, "ada@example.org")

    overview = client.get(reverse("donor-area:overview")).content.decode()

    assert reverse(URL_NAME) in overview
    assert "Skattereduktion" in overview


def test_the_path_is_translated():
    assert reverse(URL_NAME) == "/mina-gavor/skattereduktion/"
    with translation.override("en"):
        assert reverse(URL_NAME) == "/en/my-gifts/tax-reduction/"


def test_at_most_one_donor_level_claim_per_donor():
    donor = DonorFactory()
    TaxReductionClaim.objects.create(donor=donor, personnummer=ANNA)
    TaxReductionClaim.objects.create(
        donor=donor, checkout_intent=CheckoutIntentFactory(donor=donor), personnummer=BERTIL
    )

    with pytest.raises(IntegrityError):
        TaxReductionClaim.objects.create(donor=donor, personnummer=BERTIL)


def test_setting_twice_keeps_one_claim_per_donor():
    donor = DonorFactory()

    services.set_donor_personnummer([donor], ANNA)
    services.set_donor_personnummer([donor], BERTIL)

    assert list(TaxReductionClaim.objects.values_list("personnummer", flat=True)) == [BERTIL]
