"""The giving form as a donor meets it: amount buttons with one pressed, a typed amount
that counts, plain messages when the payment provider or the campaign says no, and a
form filled in again after leaving Stripe's page (for that browser only)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from donations import stripe_gateway
from donations.forms import GiveForm
from donations.models import CheckoutIntent, Gift, RecurringPlan
from tests.donations.test_checkout import form_data, give_url
from tests.factories.campaigns import CampaignFactory

pytestmark = pytest.mark.django_db

CORRECT_THE_FIELDS = "Please correct the marked fields"


def test_a_typed_amount_is_given_without_pressing_any_button(client):
    campaign = CampaignFactory(suggested_amounts_minor=[10000, 25000, 50000])
    response = client.post(give_url(campaign), form_data(amount="", other_amount="250"))
    assert response.status_code == 303
    assert CheckoutIntent.objects.get().amount_minor == 25000


def test_a_typed_amount_wins_over_the_pressed_button(client):
    campaign = CampaignFactory(suggested_amounts_minor=[10000, 25000, 50000])
    client.post(give_url(campaign), form_data(amount="25000", other_amount="312.50"))
    assert CheckoutIntent.objects.get().amount_minor == 31250


def test_a_bad_typed_amount_is_explained_next_to_it_even_with_a_button_pressed(client):
    response = client.post(
        give_url(CampaignFactory(), "en"), form_data(amount="25000", other_amount="20")
    )
    html = response.content.decode()
    assert 'id="id_other_amount_error">The smallest gift we can accept is SEK' in html
    assert 'aria-invalid="true"' in html and 'class="form-control is-invalid"' in html
    assert not CheckoutIntent.objects.exists()


def test_the_middle_amount_is_pressed_and_amounts_are_large_buttons(client):
    campaign = CampaignFactory(suggested_amounts_minor=[10000, 25000, 50000, 100000])
    html = client.get(campaign.get_absolute_url()).content.decode()
    checked = re.findall(r'<input type="radio" class="btn-check" name="amount"[^>]*>', html)
    assert len(checked) == 4
    assert [tag for tag in checked if "checked" in tag] == [
        '<input type="radio" class="btn-check" name="amount" id="id_amount_1" value="25000"'
        " checked>"
    ]
    assert 'class="btn btn-amount" for="id_amount_1"' in html


def test_an_amount_from_the_link_is_pressed_instead(client):
    campaign = CampaignFactory(suggested_amounts_minor=[10000, 25000, 50000])
    html = client.get(campaign.get_absolute_url() + "?amount=50000").content.decode()
    assert 'value="50000" checked' in html
    assert 'value="25000" checked' not in html


def test_the_form_has_one_csrf_token_no_legend_for_and_a_cents_step_from_the_minimum(client):
    campaign = CampaignFactory(currency="EUR", suggested_amounts_minor=[1000, 2500])
    html = client.get(campaign.get_absolute_url()).content.decode()
    form = html[html.index('id="give-form"') : html.index("</form>", html.index('id="give-form"'))]
    assert form.count('name="csrfmiddlewaretoken"') == 1
    assert "<legend for=" not in html
    assert re.search(r'name="other_amount"[^>]*min="5.00"', form)
    assert re.search(r'name="other_amount"[^>]*step="0.01"', form)


def test_monthly_is_a_toggle_with_a_gentle_suggestion_where_allowed(client):
    html = client.get(CampaignFactory().get_absolute_url()).content.decode()
    assert 'class="frequency-toggle"' in html and 'id="monthly-suggestion"' in html
    one_off = CampaignFactory(allows_monthly=False).get_absolute_url()
    html = client.get(one_off).content.decode()
    assert 'id="monthly-suggestion"' not in html
    assert '<input type="hidden" name="frequency" value="once">' in html


def test_a_missing_amount_error_is_shown_with_the_amounts(client):
    response = client.post(give_url(CampaignFactory(), "en"), form_data(amount=""))
    html = response.content.decode()
    assert 'id="id_amount_error">Choose an amount or write your own.' in html
    assert 'href="#id_amount_0"' in html  # the summary links to the amounts
    assert CORRECT_THE_FIELDS in html


def test_the_phone_layout_has_a_give_button_and_the_form_before_the_story(client):
    html = client.get(CampaignFactory().get_absolute_url()).content.decode()
    assert 'class="btn btn-solidarity btn-lg w-100" href="#give"' in html
    assert html.index('id="give"') < html.index('id="story-heading"') < html.index("wall-heading")


def test_a_payment_provider_outage_says_so_and_keeps_what_was_typed(client, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    stripe_gateway._client.cache_clear()
    response = client.post(give_url(CampaignFactory(), "en"), form_data(name="Kim Stark"))
    html = response.content.decode()
    assert response.status_code == 503
    assert "Our payment provider cannot be reached right now" in html
    assert "Nothing was charged" in html
    assert CORRECT_THE_FIELDS not in html
    assert 'value="Kim Stark"' in html


def test_a_refused_checkout_says_why_without_blaming_the_fields(client, settings):
    settings.CURRENCIES = ["SEK"]
    campaign = CampaignFactory(currency="EUR", suggested_amounts_minor=[1000, 2500])
    response = client.post(give_url(campaign, "en"), form_data(amount="2500"))
    html = response.content.decode()
    assert 'id="refusal" tabindex="-1" data-focus-on-load>This currency is not accepted.' in html
    assert CORRECT_THE_FIELDS not in html


def test_an_ended_campaign_says_so_without_blaming_the_fields(client):
    ended = CampaignFactory(ends_on=datetime.date(2025, 6, 1), starts_on=datetime.date(2025, 1, 1))
    html = client.post(give_url(ended, "en"), form_data()).content.decode()
    assert "This campaign is not accepting gifts." in html
    assert CORRECT_THE_FIELDS not in html


EVERYTHING = {
    "amount": "",
    "other_amount": "333",
    "frequency": "monthly",
    "name": "Greta Gåvogivare",
    "email": "greta@example.org",
    "tribute_kind": "memory",
    "tribute_name": "Joe Hill",
    "tribute_notify_email": "family@example.org",
    "show_on_wall": "on",
    "public_message": "Organise!",
    "newsletter_consent": "on",
}


def cancel(client, intent):
    return client.get(reverse("donations:cancelled", kwargs={"intent_id": intent.pk}), follow=True)


def test_cancelling_on_stripes_page_brings_back_everything_typed(client):
    campaign = CampaignFactory()
    client.post(give_url(campaign), form_data(**EVERYTHING))
    intent = CheckoutIntent.objects.get()

    response = cancel(client, intent)

    form = GiveForm(campaign=campaign, initial=response.context["form"].initial)
    assert {name: form[name].value() for name in EVERYTHING} == {
        **EVERYTHING,
        "other_amount": 333,
        "show_on_wall": True,
        "newsletter_consent": True,
    }
    html = response.content.decode()
    assert 'value="Greta Gåvogivare"' in html and "Organise!" in html
    assert re.search(r'name="other_amount"[^>]*value="333"', html)  # not 333.00
    assert "avbröts" in html
    assert CheckoutIntent.objects.get().status == CheckoutIntent.Status.OPEN  # GET changes nothing


def test_another_browser_cannot_read_someone_elses_checkout(client):
    campaign = CampaignFactory()
    client.post(give_url(campaign), form_data(**EVERYTHING))
    intent = CheckoutIntent.objects.get()
    stranger = Client()

    for response in [
        cancel(stranger, intent),
        stranger.get(f"{campaign.get_absolute_url()}?resume={intent.pk}"),
    ]:
        html = response.content.decode()
        assert "Greta" not in html and "greta@example.org" not in html and "Joe Hill" not in html
    assert 'value="333' in cancel(stranger, intent).content.decode()  # the amount only


def test_a_resume_link_fills_in_nothing_on_another_campaigns_page(client):
    campaign = CampaignFactory()
    client.post(give_url(campaign), form_data(**EVERYTHING))
    intent = CheckoutIntent.objects.get()
    other = CampaignFactory()
    html = client.get(f"{other.get_absolute_url()}?resume={intent.pk}").content.decode()
    assert "Greta" not in html


def thanks(client, intent, language="en"):
    with translation.override(language):
        url = reverse("donations:thanks", kwargs={"intent_id": intent.pk})
    return client.get(url).content.decode()


def started(client, **overrides):
    client.post(give_url(CampaignFactory(title_en="Fair wages")), form_data(**overrides))
    return CheckoutIntent.objects.get()


def record_gift(intent, *, next_charge_at=None):
    kind = Gift.Kind.ONCE
    plan = None
    if next_charge_at:
        kind = Gift.Kind.MONTHLY
        plan = RecurringPlan.objects.create(
            stripe_subscription_id="sub_1",
            donor=intent.donor,
            campaign=intent.campaign,
            checkout_intent=intent,
            amount_minor=intent.amount_minor,
            currency=intent.currency,
            next_charge_at=next_charge_at,
        )
    Gift.objects.create(
        campaign=intent.campaign,
        donor=intent.donor,
        checkout_intent=intent,
        plan=plan,
        kind=kind,
        amount_minor=intent.amount_minor,
        currency=intent.currency,
        stripe_payment_intent_id="pi_1",
    )


def test_the_thank_you_page_says_what_happens_next_and_offers_plain_share_links(client):
    intent = started(client)
    record_gift(intent)
    html = thanks(client, intent)
    assert "What happens next" in html and "reply to your receipt email" in html.lower()
    assert 'href="mailto:?subject=Fair%20wages&amp;body=' in html
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fen%2F" in html
    assert '<script src="http' not in html  # nothing of theirs is loaded
    assert f'value="http://testserver{intent.campaign.get_absolute_url()}"' in html


def test_a_monthly_thank_you_gives_the_next_charge_date_and_how_to_change_it(client):
    intent = started(client, frequency="monthly")
    record_gift(intent, next_charge_at=datetime.datetime(2026, 12, 24, 12, tzinfo=datetime.UTC))
    html = thanks(client, intent)
    assert "Your next monthly gift of SEK\xa0250 is charged on 24 Dec 2026" in html
    assert "pause or cancel it, and find every gift" in html
    assert "under Manage your gifts" not in html  # said once, as the link
    assert "24 december 2026" in thanks(client, intent, language="sv")


def test_a_checkout_unconfirmed_for_ten_minutes_stops_saying_confirming(client):
    intent = started(client)
    CheckoutIntent.objects.filter(pk=intent.pk).update(
        created_at=intent.created_at - datetime.timedelta(minutes=11)
    )
    html = thanks(client, intent)
    assert 'id="overdue"' in html and 'id="confirming"' not in html
    assert "Nothing is charged unless you completed the payment" in html
    assert "js/thanks.js" not in html  # stops looking


def test_an_expired_checkout_says_nothing_was_charged_and_links_back_to_the_form(client):
    intent = started(client)
    CheckoutIntent.objects.filter(pk=intent.pk).update(status=CheckoutIntent.Status.EXPIRED)
    html = thanks(client, intent)
    assert "Nothing was charged" in html
    resume = f"{intent.campaign.get_absolute_url()}?resume={intent.pk}#give"
    assert f'href="{resume}"' in html  # filled in again for the browser that started it
    html = thanks(Client(), intent)
    assert (
        f'href="{intent.campaign.get_absolute_url()}?amount=25000&amp;frequency=once#give"' in html
    )
    back = f"{intent.campaign.get_absolute_url()}?amount=25000&amp;frequency=once#give"
    assert f'href="{back}"' in html
