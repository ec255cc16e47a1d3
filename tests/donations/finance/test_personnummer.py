"""The personnummer for the tax reduction: validated, kept as 12 digits, shown masked,
asked for only by an approved gift recipient and never sent anywhere but KU65."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import translation

from donations.finance.personnummer import (
    InvalidPersonnummer,
    mask_personnummer,
    normalise_personnummer,
)
from donations.models import CheckoutIntent, TaxReductionClaim
from tests.donations.helpers import pay
from tests.donations.test_checkout import form_data, give_url
from tests.factories.accounts import StaffFactory
from tests.factories.campaigns import CampaignFactory

VALID = "19880320-0016"
COORDINATION = "701063-2391"  # born 1970-10-03: the day plus 60


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("880320-0016", "198803200016"),
        ("8803200016", "198803200016"),
        ("19880320-0016", "198803200016"),
        (" 198803200016 ", "198803200016"),
        ("121212+1212", "191212121212"),  # "+": a hundred years or older
        (COORDINATION, "197010632391"),
        ("19701063-2391", "197010632391"),
    ],
)
def test_valid_numbers_are_kept_as_twelve_digits(typed, stored):
    assert normalise_personnummer(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "880320-0018",  # wrong check digit
        "880332-0016",  # no 32nd day
        "701093-2391",  # a coordination number's day beyond 91
        "20991231-0008",  # not born yet
        "88032O-0016",
        "8803200",
        "",
        "19880320-00160",
        "٨٨٠٣٢٠٠٠١٦",  # digits, but not ASCII ones
    ],
)
def test_invalid_numbers_are_refused(typed):
    with pytest.raises(InvalidPersonnummer):
        normalise_personnummer(typed)


def test_the_mask_hides_the_last_four():
    assert mask_personnummer("198803200016") == "19880320-xxxx"
    assert str(TaxReductionClaim(personnummer="198803200016")) == "19880320-xxxx"


@pytest.mark.django_db
class TestGivingForm:
    def test_without_approval_nothing_is_asked_or_kept(self, client, settings):
        settings.APPROVED_GIFT_RECIPIENT = False
        campaign = CampaignFactory()
        html = client.get(campaign.get_absolute_url()).content.decode()
        assert "personnummer" not in html.lower() and "skattereduktion" not in html.lower()
        response = client.post(give_url(campaign), form_data(personnummer=VALID))
        assert response.status_code == 303
        assert not TaxReductionClaim.objects.exists()

    def test_an_approved_recipient_asks_and_explains(self, client, settings):
        settings.APPROVED_GIFT_RECIPIENT = True
        campaign = CampaignFactory()
        html = client.get(campaign.get_absolute_url()).content.decode()
        assert 'name="personnummer"' in html and "skattereduktion" in html
        with translation.override("en"):
            english_page = campaign.get_absolute_url()
        html = client.get(english_page).content.decode()
        assert "For the tax reduction for gifts" in html

    @pytest.mark.parametrize("typed", [VALID, COORDINATION])
    def test_a_valid_number_is_kept_with_the_checkout(self, client, settings, typed):
        settings.APPROVED_GIFT_RECIPIENT = True
        response = client.post(give_url(CampaignFactory()), form_data(personnummer=typed))
        assert response.status_code == 303
        claim = TaxReductionClaim.objects.get()
        assert claim.personnummer == normalise_personnummer(typed)
        assert claim.checkout_intent == CheckoutIntent.objects.get()
        assert claim.donor == claim.checkout_intent.donor

    def test_no_number_no_claim(self, client, settings):
        settings.APPROVED_GIFT_RECIPIENT = True
        assert client.post(give_url(CampaignFactory()), form_data()).status_code == 303
        assert CheckoutIntent.objects.exists() and not TaxReductionClaim.objects.exists()

    @pytest.mark.parametrize(
        ("language", "message"),
        [
            ("sv", "Det här är inte ett giltigt svenskt personnummer eller samordningsnummer."),
            ("en", "This is not a valid Swedish personnummer or coordination number."),
        ],
    )
    def test_a_bad_number_is_explained_and_nothing_is_stored(
        self, client, settings, language, message
    ):
        settings.APPROVED_GIFT_RECIPIENT = True
        response = client.post(
            give_url(CampaignFactory(), language), form_data(personnummer="880320-0018")
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not CheckoutIntent.objects.exists() and not TaxReductionClaim.objects.exists()

    def test_the_number_is_in_no_email(self, client, settings, deliver):
        settings.APPROVED_GIFT_RECIPIENT = True
        client.post(give_url(CampaignFactory()), form_data(personnummer=VALID))
        pay(deliver, CheckoutIntent.objects.get())
        assert mail.outbox
        for message in mail.outbox:
            bodies = [message.body] + [str(part[0]) for part in message.alternatives]
            assert not any("0016" in body or "880320" in body for body in bodies)


@pytest.mark.django_db
class TestAdmin:
    def test_finance_staff_see_it_masked(self, client):
        claim = _claim()
        finance = StaffFactory(is_superuser=False)
        finance.user_permissions.add(Permission.objects.get(codename="view_taxreductionclaim"))
        client.force_login(finance)
        html = client.get("/admin/donations/taxreductionclaim/").content.decode()
        assert "19880320-xxxx" in html and "198803200016" not in html
        detail = client.get(f"/admin/donations/taxreductionclaim/{claim.pk}/change/")
        assert "19880320-xxxx" in detail.content.decode()
        assert "198803200016" not in detail.content.decode()

    def test_other_staff_do_not_see_it(self, client):
        claim = _claim()
        client.force_login(StaffFactory(is_superuser=False))
        response = client.get(f"/admin/donations/taxreductionclaim/{claim.pk}/change/")
        assert response.status_code in (302, 403)


def _claim():
    from tests.factories.donations import CheckoutIntentFactory

    intent = CheckoutIntentFactory()
    return TaxReductionClaim.objects.create(
        checkout_intent=intent, donor=intent.donor, personnummer="198803200016"
    )
