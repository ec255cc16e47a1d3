"""A new donor gives 100 kr a month, signs in with the code from the receipt's "Manage
your gifts" link, downloads the receipt, changes the amount to 150 kr, pauses, resumes and
cancels (the emulator's subscription shows each state), downloads their data and erases
it: the donor wall and the admin then show no personal data, the gift and its receipt
number remain."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from donations.models import Gift, RecurringPlan
from tests.donations.donor_area.helpers import code_in
from tests.factories.accounts import StaffFactory
from tests.factories.campaigns import CampaignFactory

from .test_donor_area import manage_link
from .test_giving import NBSP, fill_gift_form, pay_with_card, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "vera@example.org"


def events_delivered(server) -> None:
    """Let the held events go to the site and wait until it has processed them."""
    server.emulator.dispatcher.release()
    assert server.emulator.dispatcher.wait_idle(timeout=20)


def change_confirmed(page, server, plan: RecurringPlan, **fields) -> None:
    """The page said the change is pending; Stripe's events confirm it."""
    page.get_by_text("Din ändring är skickad").wait_for()
    assert page.locator(".plan-pending").is_visible()
    events_delivered(server)
    plan.refresh_from_db()
    assert {name: getattr(plan, name) for name in fields} == fields
    server.emulator.dispatcher.hold()
    page.reload()


def test_a_donor_manages_a_monthly_gift_then_erases_their_data(page, live_server, stripe_emulator):
    campaign = CampaignFactory(title_sv="Fackliga rättigheter i Kosovo")
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    page.get_by_label("Visa mitt namn på givarväggen").check()
    fill_gift_form(page, amount_label=f"100{NBSP}kr", monthly=True, name="Vera Ek", email=EMAIL)
    pay_with_card(page, "4242 4242 4242 4242", "Subscribe")
    page.get_by_role("heading", name="Tack för din gåva!").wait_for(timeout=20_000)
    wait_for(lambda: len(mail.outbox) == 1, message="the receipt")
    assert stripe_emulator.emulator.dispatcher.wait_idle(timeout=20)
    stripe_emulator.emulator.dispatcher.hold()
    gift = Gift.objects.get()
    plan = RecurringPlan.objects.get()
    subscription = stripe_emulator.emulator.store.fetch("subscription", plan.stripe_subscription_id)

    # Signing in with the code, from the receipt's link; the receipt PDF.
    page.goto(manage_link(mail.outbox[0]))
    page.locator('input[name="email"]').fill(EMAIL)
    page.get_by_role("button", name="Begär kod").click()
    wait_for(lambda: len(mail.outbox) == 2, message="the sign-in code")
    page.locator('input[name="code"]').fill(code_in(mail.outbox[1]))
    page.locator('input[name="code"]').press("Enter")
    page.get_by_role("heading", name="Mina gåvor").wait_for()
    page.get_by_role("link", name="Gåvor", exact=True).first.click()
    with page.expect_download() as download:
        page.locator("li.gift").filter(has_text=gift.receipt_reference).get_by_role("link").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    # 150 kr a month from the next charge: pending until Stripe's event, then shown.
    page.get_by_role("link", name="Månadsgåvor", exact=True).first.click()
    page.get_by_label("Nytt månadsbelopp (SEK)").fill("150")
    page.get_by_role("button", name="Ändra belopp").click()
    assert subscription["items"]["data"][0]["price"]["unit_amount"] == 15000
    change_confirmed(page, stripe_emulator, plan, amount_minor=15000)
    assert f"150{NBSP}kr" in page.locator(".plan-amount").inner_text()

    # Paused until resumed, then resumed.
    page.get_by_label("Hur länge vill du pausa?").select_option(
        label="Tills vidare – jag återupptar själv"
    )
    page.get_by_role("button", name="Pausa", exact=True).click()
    assert subscription["pause_collection"] == {"behavior": "void", "resumes_at": None}
    change_confirmed(page, stripe_emulator, plan, status=RecurringPlan.Status.PAUSED)
    assert "tills du återupptar den" in page.locator(".plan-status").inner_text()
    page.get_by_role("button", name="Återuppta").click()
    assert subscription["pause_collection"] is None
    change_confirmed(page, stripe_emulator, plan, status=RecurringPlan.Status.ACTIVE)

    # Cancelled with a reason.
    page.get_by_label("Varför avslutar du? (frivilligt)").fill("Flyttar utomlands")
    page.get_by_role("button", name="Avsluta månadsgåvan").click()
    assert subscription["status"] == "active"  # the browser asks for the tick first
    page.get_by_label("Ja, avsluta min månadsgåva.").check()
    page.get_by_role("button", name="Avsluta månadsgåvan").click()
    assert subscription["status"] == "canceled"
    assert subscription["cancellation_details"]["comment"] == "Flyttar utomlands"
    change_confirmed(page, stripe_emulator, plan, status=RecurringPlan.Status.CANCELLED)
    assert "Avslutad" in page.locator(".plan-status").inner_text()

    # My data: the download, then erasure.
    page.get_by_role("link", name="Mina uppgifter", exact=True).first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner mina uppgifter").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    data = json.loads(archive.read("my-data.json"))
    assert [donor["email"] for donor in data["donors"]] == [EMAIL]
    assert {"gifts.csv", "monthly_gifts.csv", "emails_sent.csv"} <= set(archive.namelist())
    page.get_by_label("Jag förstår att raderingen inte kan ångras.").check()
    page.get_by_role("button", name="Radera mina personuppgifter").click()
    page.get_by_text("Dina personuppgifter har raderats").wait_for()
    events_delivered(stripe_emulator)

    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    wall = page.locator("main").inner_text()
    assert "Anonym" in wall and "Vera" not in wall
    gift.refresh_from_db()
    assert gift.receipt_reference and gift.amount_minor == 10000
    staff = Client()
    staff.force_login(StaffFactory())
    for url in (
        reverse("admin:donations_donor_changelist"),
        reverse("admin:donations_gift_changelist"),
        reverse("admin:donations_donor_change", args=[gift.donor_id]),
    ):
        admin_page = staff.get(url).content.decode()
        assert EMAIL not in admin_page and "Vera" not in admin_page
    assert (
        gift.receipt_reference
        in staff.get(reverse("admin:donations_gift_changelist")).content.decode()
    )
