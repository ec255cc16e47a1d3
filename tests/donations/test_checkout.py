"""Starting a gift: the giving form over HTTP and ``start_checkout`` against the emulator."""

import datetime
import json
import urllib.request

import pytest
from django.urls import reverse
from django.utils import translation

from campaigns.models import CampaignStatus
from donations import checkout, stripe_gateway
from donations.models import CheckoutIntent, Donor, Frequency
from tests.factories.campaigns import CampaignFactory

pytestmark = pytest.mark.django_db


def give_url(campaign, language="sv"):
    """The form's address: Swedish (unprefixed) unless another language is asked for."""
    with translation.override(language):
        return reverse("donations:give", kwargs={"slug": campaign.slug})


def form_data(**overrides):
    data = {
        "amount": "25000",
        "other_amount": "",
        "frequency": "once",
        "name": "Greta Gåvogivare",
        "email": "Greta@Example.org",
        "tribute_kind": "",
        "tribute_name": "",
        "tribute_notify_email": "",
        "public_message": "",
    }
    data.update(overrides)
    return data


def session_at_emulator(server, session_id):
    request = urllib.request.Request(
        f"{server.base_url}/v1/checkout/sessions/{session_id}",
        headers={"Authorization": "Bearer sk_test_emulator"},
    )
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def test_one_off_gift_redirects_to_stripe_with_a_donate_session(client, stripe_emulator_server):
    campaign = CampaignFactory()
    response = client.post(
        give_url(campaign), form_data(show_on_wall="on", public_message="Solidaritet!")
    )

    assert response.status_code == 303
    intent = CheckoutIntent.objects.get()
    assert response["Location"].startswith(stripe_emulator_server.base_url)
    assert (intent.amount_minor, intent.currency, intent.frequency) == (
        25000,
        "SEK",
        Frequency.ONCE,
    )
    assert intent.donor.email == "greta@example.org"
    assert intent.show_on_wall and intent.public_message == "Solidaritet!"
    assert not intent.newsletter_consent and intent.consent_given_at is None

    session = session_at_emulator(stripe_emulator_server, intent.stripe_session_id)
    assert session["mode"] == "payment"
    assert session["submit_type"] == "donate"
    assert session["client_reference_id"] == str(intent.pk)
    assert session["locale"] == "sv"
    assert session["metadata"] == {
        "checkout_intent_id": str(intent.pk),
        "campaign_id": str(campaign.pk),
    }
    assert f"/tack/{intent.pk}/?session_id=" in session["success_url"]


def test_monthly_gift_opens_a_subscription_session(client, stripe_emulator_server):
    campaign = CampaignFactory()
    response = client.post(
        give_url(campaign, "en"),
        form_data(amount="other", other_amount="100", frequency="monthly"),
    )
    assert response.status_code == 303
    intent = CheckoutIntent.objects.get()
    assert (intent.amount_minor, intent.frequency, intent.language) == (
        10000,
        Frequency.MONTHLY,
        "en",
    )
    session = session_at_emulator(stripe_emulator_server, intent.stripe_session_id)
    assert session["mode"] == "subscription"
    assert session["locale"] == "en"
    assert session["metadata"]["checkout_intent_id"] == str(intent.pk)


def test_newsletter_consent_stores_wording_and_time(client):
    client.post(give_url(CampaignFactory()), form_data(newsletter_consent="on"))
    intent = CheckoutIntent.objects.get()
    assert intent.newsletter_consent
    assert "unsubscribe" in intent.consent_wording or "avregistrera" in intent.consent_wording
    assert intent.consent_given_at is not None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": "other", "other_amount": "49"}, "other_amount", "50"),
        ({"amount": "other", "other_amount": "1000000"}, "other_amount", "100"),
        ({"amount": "", "other_amount": ""}, "amount", "Choose an amount"),
        ({"amount": "other", "other_amount": ""}, "amount", ""),
        ({"amount": "25000", "other_amount": "abc"}, "other_amount", "number"),
        ({"amount": "123"}, "amount", ""),
        ({"email": "not-an-email"}, "email", ""),
        ({"name": ""}, "name", ""),
        ({"frequency": "weekly"}, "frequency", ""),
        ({"tribute_kind": "memory"}, "tribute_name", ""),
    ],
)
def test_bad_input_is_explained_and_creates_nothing(client, overrides, field, message):
    response = client.post(give_url(CampaignFactory(), "en"), form_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert not CheckoutIntent.objects.exists()
    assert not Donor.objects.exists()


def test_errors_are_translated_to_swedish(client):
    response = client.post(
        give_url(CampaignFactory()), form_data(amount="other", other_amount="10")
    )
    assert "Den minsta gåvan vi kan ta emot är 50" in response.content.decode()


def test_monthly_is_refused_where_the_campaign_takes_one_off_gifts_only(client):
    campaign = CampaignFactory(allows_monthly=False)
    response = client.post(give_url(campaign), form_data(frequency="monthly"))
    assert "frequency" in response.context["form"].errors
    assert not CheckoutIntent.objects.exists()


def test_closed_campaigns_take_no_gifts(client):
    campaign = CampaignFactory(status=CampaignStatus.CLOSED)
    assert client.post(give_url(campaign), form_data()).status_code == 404
    ended = CampaignFactory(ends_on=datetime.date(2025, 6, 1), starts_on=datetime.date(2025, 1, 1))
    response = client.post(give_url(ended), form_data())
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not CheckoutIntent.objects.exists()


def test_draft_campaigns_take_no_gifts(client):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    assert client.post(give_url(campaign), form_data()).status_code == 404


def test_the_solidarity_fund_takes_gifts_without_a_campaign(client):
    response = client.post(reverse("donations:give-fund"), form_data())
    assert response.status_code == 303
    assert CheckoutIntent.objects.get().campaign is None


def test_stripe_being_down_is_a_clear_error_not_a_crash(client, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    stripe_gateway._client.cache_clear()
    response = client.post(give_url(CampaignFactory(), "en"), form_data())
    assert response.status_code == 503
    assert "Nothing was charged" in response.content.decode()
    assert CheckoutIntent.objects.get().status == CheckoutIntent.Status.FAILED


def test_card_testing_is_rate_limited(client, settings, rate_limit_clock):
    settings.CHECKOUT_RATE_LIMIT = "2/m"
    campaign = CampaignFactory()
    statuses = [client.post(give_url(campaign), form_data()).status_code for _ in range(3)]
    assert statuses == [303, 303, 429]


def test_start_checkout_refuses_amounts_outside_the_limits():
    campaign = CampaignFactory()
    request = checkout.GiftRequest(
        campaign=campaign,
        amount_minor=100,
        currency="SEK",
        frequency="once",
        name="A",
        email="a@example.org",
        language="sv",
    )
    with pytest.raises(checkout.CheckoutRefused):
        checkout.start_checkout(request, success_url=str, cancel_url=str)
    assert not CheckoutIntent.objects.exists()


def test_euro_campaigns_use_the_euro_minimum(client):
    campaign = CampaignFactory(currency="EUR", suggested_amounts_minor=[1000, 2500])
    response = client.post(give_url(campaign, "en"), form_data(amount="other", other_amount="4"))
    assert "€5" in " ".join(response.context["form"].errors["other_amount"])
    response = client.post(give_url(campaign, "en"), form_data(amount="2500"))
    assert response.status_code == 303
    assert CheckoutIntent.objects.get().currency == "EUR"


def test_cancel_returns_to_the_form_with_the_amount_kept(client):
    campaign = CampaignFactory()
    client.post(give_url(campaign), form_data(amount="other", other_amount="300"))
    intent = CheckoutIntent.objects.get()
    response = client.get(
        reverse("donations:cancelled", kwargs={"intent_id": intent.pk}), follow=True
    )
    page = response.content.decode()
    assert 'value="300' in page
    assert "avbröts" in page


def test_thank_you_page_says_confirming_until_the_webhook_arrives(client):
    campaign = CampaignFactory()
    client.post(give_url(campaign), form_data())
    intent = CheckoutIntent.objects.get()
    page = client.get(reverse("donations:thanks", kwargs={"intent_id": intent.pk})).content.decode()
    assert 'id="confirming"' in page
    assert "js/thanks.js" in page  # looks again every few seconds


def test_thank_you_page_for_an_unknown_checkout_is_404(client):
    assert client.get("/tack/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/tack/not-a-uuid/").status_code == 404


def test_get_on_the_give_url_goes_back_to_the_campaign(client):
    campaign = CampaignFactory()
    response = client.get(give_url(campaign))
    assert response.status_code == 302
    assert response["Location"].endswith(f"{campaign.get_absolute_url()}#give")
