"""Covering the fees: the estimate, the form, the checkout and the gifts it records."""

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from campaigns import selectors as campaign_selectors
from donations.fee_cover import fee_cover_minor
from donations.forms import GiveForm, initial_from_intent
from donations.models import CheckoutIntent, Gift
from fundraising.money import format_money
from tests.donations import stripe_events as se
from tests.donations.test_checkout import form_data, give_url, session_at_emulator
from tests.factories.campaigns import CampaignFactory
from tests.factories.donations import CheckoutIntentFactory, MonthlyCheckoutIntentFactory


def net_after_fee(charged_minor, basis_points, fixed_minor):
    """What Stripe's fee leaves of a charge, exactly (a fraction of an öre counts)."""
    return charged_minor - (charged_minor * basis_points / 10_000 + fixed_minor)


@pytest.mark.parametrize("currency", ["SEK", "EUR"])
@pytest.mark.parametrize("gift", [500, 5000, 25000, 33333, 10_000_000])
def test_the_cover_leaves_the_whole_gift_and_no_more_than_an_ore_over(settings, currency, gift):
    basis_points = settings.STRIPE_FEE_PERCENT_BASIS_POINTS[currency]
    fixed = settings.STRIPE_FEE_FIXED_MINOR[currency]
    cover = fee_cover_minor(gift, currency)

    assert net_after_fee(gift + cover, basis_points, fixed) >= gift
    assert net_after_fee(gift + cover - 1, basis_points, fixed) < gift


def test_the_default_estimate_is_stripes_european_card_price():
    assert fee_cover_minor(25000, "SEK") == 564  # 250 kr + 5,64 kr; 1.5 % + 1,80 kr is 5,63
    assert fee_cover_minor(2500, "EUR") == 64  # €25 + €0.64


def test_the_estimate_follows_the_settings(settings):
    settings.STRIPE_FEE_PERCENT_BASIS_POINTS = {"SEK": 0, "EUR": 0}
    settings.STRIPE_FEE_FIXED_MINOR = {"SEK": 300, "EUR": 0}
    assert fee_cover_minor(25000, "SEK") == 300


@pytest.mark.django_db
def test_the_form_shows_the_cover_for_the_chosen_amount():
    campaign = CampaignFactory(suggested_amounts_minor=[10000, 25000, 50000])
    with translation.override("sv"):
        assert GiveForm(campaign=campaign).fee_cover_text() == "5,64\u00a0kr"
        typed = GiveForm(form_data(other_amount="1000"), campaign=campaign)
        assert typed.fee_cover_text() == format_sek(fee_cover_minor(100000, "SEK"))
        for nonsense in ["abc", "NaN", "1e999", "-5"]:
            assert (
                GiveForm(form_data(other_amount=nonsense), campaign=campaign).fee_cover_text() == ""
            )


def format_sek(minor):
    return format_money(minor, "SEK", "sv")


@pytest.mark.django_db
def test_the_tick_is_off_until_the_donor_ticks_it(client):
    page = client.get(CampaignFactory().get_absolute_url()).content.decode()
    assert 'name="cover_fees"' in page
    assert 'name="cover_fees" class="form-check-input" data-fee' in page
    assert "checked" not in page.split('name="cover_fees"')[1].split(">")[0]
    assert 'data-fee-percent-basis-points="150"' in page and 'data-fee-fixed-minor="180"' in page


@pytest.mark.django_db
def test_a_covered_one_off_gift_charges_gift_plus_cover(client, stripe_emulator_server):
    response = client.post(give_url(CampaignFactory()), form_data(cover_fees="on"))

    assert response.status_code == 303
    intent = CheckoutIntent.objects.get()
    assert (intent.amount_minor, intent.fee_cover_minor, intent.gift_minor) == (25564, 564, 25000)
    session = session_at_emulator(stripe_emulator_server, intent.stripe_session_id)
    assert session["amount_total"] == 25564


@pytest.mark.django_db
def test_a_covered_monthly_gift_charges_the_cover_every_month(client, stripe_emulator_server):
    client.post(
        give_url(CampaignFactory(), "en"),
        form_data(frequency="monthly", amount="", other_amount="100", cover_fees="on"),
    )

    intent = CheckoutIntent.objects.get()
    assert (intent.amount_minor, intent.fee_cover_minor) == (10000 + 336, 336)
    session = session_at_emulator(stripe_emulator_server, intent.stripe_session_id)
    assert session["mode"] == "subscription"
    assert session["amount_total"] == 10336


@pytest.mark.django_db
def test_without_the_tick_nothing_is_added(client):
    client.post(give_url(CampaignFactory()), form_data())
    intent = CheckoutIntent.objects.get()
    assert (intent.amount_minor, intent.fee_cover_minor) == (25000, 0)


@pytest.mark.django_db
def test_limits_apply_to_the_gift_chosen_not_to_the_cover(client, settings):
    client.post(
        give_url(CampaignFactory()), form_data(amount="", other_amount="100000", cover_fees="on")
    )
    intent = CheckoutIntent.objects.get()
    assert intent.gift_minor == settings.GIFT_MAXIMUM_MINOR["SEK"]
    assert intent.amount_minor > intent.gift_minor


@pytest.mark.django_db
def test_a_cancelled_covered_gift_comes_back_with_the_gift_and_the_tick(client):
    client.post(
        give_url(CampaignFactory()), form_data(amount="", other_amount="300", cover_fees="on")
    )
    intent = CheckoutIntent.objects.get()

    initial = initial_from_intent(intent)
    assert initial["other_amount"] == 300 and initial["cover_fees"] is True
    page = client.get(
        reverse("donations:cancelled", kwargs={"intent_id": intent.pk}), follow=True
    ).content.decode()
    assert 'value="300"' in page
    assert 'name="cover_fees" class="form-check-input" data-fee' in page
    assert "checked" in page.split('name="cover_fees"')[1].split(">")[0]


@pytest.mark.django_db
def test_a_covered_gift_records_the_cover_and_totals_count_everything_paid(
    deliver, mailoutbox, client
):
    intent = CheckoutIntentFactory(amount_minor=25564, fee_cover_minor=564)
    deliver(se.event("checkout.session.completed", se.checkout_session(intent)))

    gift = Gift.objects.get()
    assert (gift.amount_minor, gift.fee_cover_minor) == (25564, 564)
    assert campaign_selectors.campaign_totals(intent.campaign).raised_minor == 25564
    with translation.override("sv"):
        page = client.get(reverse("donations:thanks", kwargs={"intent_id": intent.pk}))
    assert "5,64\u00a0kr" in page.content.decode().split('id="fee-cover"')[1].split("</p>")[0]
    [email] = mailoutbox
    assert "5,64\u00a0kr" in email.body
    assert "5,64\u00a0kr" in email.alternatives[0][0]


@pytest.mark.django_db
def test_every_installment_of_a_covered_monthly_gift_carries_the_cover(deliver):
    intent = MonthlyCheckoutIntentFactory(amount_minor=10336, fee_cover_minor=336)
    deliver(
        se.event("checkout.session.completed", se.checkout_session(intent, subscription="sub_f"))
    )
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_f")))
    deliver(
        se.event(
            "invoice.paid",
            se.invoice(intent, subscription="sub_f", billing_reason="subscription_cycle"),
        )
    )
    deliver(
        se.event(
            "invoice.paid",
            se.invoice(
                intent, subscription="sub_f", billing_reason="subscription_cycle", amount_paid=20000
            ),
        )
    )

    first, second, changed = Gift.objects.order_by("receipt_number")
    assert [first.fee_cover_minor, second.fee_cover_minor] == [336, 336]
    assert (changed.amount_minor, changed.fee_cover_minor) == (20000, 0)
    assert campaign_selectors.campaign_totals(intent.campaign).raised_minor == 10336 * 2 + 20000


@pytest.mark.django_db
def test_the_database_refuses_a_cover_larger_than_the_amount():
    with pytest.raises(IntegrityError):
        CheckoutIntentFactory(amount_minor=500, fee_cover_minor=500)
