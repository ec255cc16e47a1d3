"""A new donor gives once and monthly through the emulator's payment page."""

import re
import time
import urllib.request

import pytest
from django.core import mail

from donations.models import CheckoutIntent, Gift, RecurringPlan
from tests.factories.campaigns import CampaignFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"


def wait_for(condition, timeout=20.0, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


def press(page, label):
    """Press a button-styled choice (the radio under it is hidden; its label is the button)
    and check that it took."""
    page.locator("label.btn").filter(has_text=label).click()
    assert page.get_by_label(label, exact=True).is_checked()


def fill_gift_form(
    page, *, amount_label, monthly=False, name="Kim Solidarisk", email="kim@example.org"
):
    press(page, amount_label)
    if monthly:
        press(page, "Månadsvis")
    page.get_by_label("Ditt namn").fill(name)
    page.get_by_label("Din e-postadress").fill(email)
    page.get_by_role("button", name="Gå vidare till betalning").click()


def pay_with_card(page, card, button):
    page.wait_for_url(re.compile(r".*/pay/cs_.*"))
    page.get_by_label("Card number").fill(card)
    page.get_by_label("Expiry").fill("12 / 34")
    page.get_by_label("CVC").fill("123")
    page.get_by_role("button", name=button).click()


def thermometer(page):
    raised = page.locator(".thermometer strong").first.inner_text()
    donors = page.locator(".thermometer li").first.inner_text()
    return raised.replace(NBSP, " "), donors


def test_a_new_donor_gives_once_and_monthly(page, live_server, stripe_emulator):
    campaign = CampaignFactory(
        title_sv="Fackliga rättigheter i Serbien", suggested_amounts_minor=[10000, 25000, 50000]
    )
    campaign_url = f"{live_server.url}{campaign.get_absolute_url()}"
    page.goto(campaign_url)
    assert thermometer(page) == ("0 kr", "0 givare")

    # A one-off gift of 250 kr.
    fill_gift_form(page, amount_label=f"250{NBSP}kr")
    pay_with_card(page, "4242 4242 4242 4242", "Donate")
    page.wait_for_url(re.compile(r".*/tack/.*"))
    page.get_by_role("heading", name="Tack för din gåva!").wait_for(timeout=20_000)
    assert f"250{NBSP}kr" in page.locator("#gift-summary").inner_text()

    page.goto(campaign_url)
    assert thermometer(page) == ("250 kr", "1 givare")
    receipt = mail.outbox[-1]
    assert receipt.to == ["kim@example.org"]
    assert receipt.attachments[0][2] == "application/pdf"
    one_off = Gift.objects.get()
    assert one_off.receipt_number == 1

    # A monthly gift of 100 kr from the same donor.
    fill_gift_form(page, amount_label=f"100{NBSP}kr", monthly=True)
    pay_with_card(page, "4242424242424242", "Subscribe")
    page.get_by_role("heading", name="Tack för din gåva!").wait_for(timeout=20_000)
    assert "varje månad" in page.locator("#gift-summary").inner_text()
    page.goto(campaign_url)
    assert thermometer(page) == ("350 kr", "1 givare")

    # A renewal a "month" later adds an installment with the next receipt number.
    plan = RecurringPlan.objects.get()
    renew = urllib.request.Request(
        f"{stripe_emulator.base_url}/_emulator/subscriptions/{plan.stripe_subscription_id}/renew",
        data=b"outcome=paid",
        method="POST",
    )
    urllib.request.urlopen(renew).read()
    wait_for(lambda: Gift.objects.filter(plan=plan).count() == 2, message="the renewal")
    numbers = list(Gift.objects.order_by("receipt_number").values_list("receipt_number", flat=True))
    assert numbers == [1, 2, 3]
    page.goto(campaign_url)
    assert thermometer(page) == ("450 kr", "1 givare")
    wait_for(lambda: len(mail.outbox) == 3, message="three receipts")


def test_a_declined_card_shows_the_decline_and_creates_no_gift(page, live_server, stripe_emulator):
    campaign = CampaignFactory(suggested_amounts_minor=[10000, 25000])
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    fill_gift_form(page, amount_label=f"250{NBSP}kr")
    pay_with_card(page, "4000 0000 0000 0002", "Donate")

    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "declined" in alert.inner_text()
    time.sleep(0.5)
    assert not Gift.objects.exists()
    assert CheckoutIntent.objects.get().status == CheckoutIntent.Status.OPEN
