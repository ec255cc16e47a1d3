"""A new donor gives, follows "Manage your gifts" from the receipt email, signs in with
the code emailed to them, downloads the receipt and sees the yearly statement."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from donations.models import Gift
from tests.donations.donor_area.helpers import code_in
from tests.factories.campaigns import CampaignFactory

from .test_giving import NBSP, fill_gift_form, pay_with_card, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def manage_link(message) -> str:
    """The "Manage your gifts" link in the receipt's text part."""
    match = re.search(r"^(https?://\S+/mina-gavor/)$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


def test_a_donor_signs_in_by_code_from_the_receipt_and_finds_receipt_and_statement(
    page, live_server, stripe_emulator
):
    campaign = CampaignFactory(title_sv="Fackliga rättigheter i Kosovo")
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    fill_gift_form(page, amount_label=f"250{NBSP}kr", email="vera@example.org")
    pay_with_card(page, "4242 4242 4242 4242", "Donate")
    page.get_by_role("heading", name="Tack för din gåva!").wait_for(timeout=20_000)
    assert page.get_by_role("link", name="Hantera dina gåvor").first.is_visible()
    wait_for(lambda: len(mail.outbox) == 1, message="the receipt")
    gift = Gift.objects.get()

    # "Manage your gifts" in the receipt leads to asking for a code: no account needed.
    page.goto(manage_link(mail.outbox[0]))
    page.get_by_role("heading", name="Skicka mig en inloggningskod").wait_for()
    page.locator('input[name="email"]').fill("vera@example.org")
    page.get_by_role("button", name="Begär kod").click()
    wait_for(lambda: len(mail.outbox) == 2, message="the sign-in code")
    page.locator('input[name="code"]').fill(code_in(mail.outbox[1]))
    page.locator('input[name="code"]').press("Enter")
    page.get_by_role("heading", name="Mina gåvor").wait_for()
    assert "vera@example.org" in page.locator("main").inner_text()

    # The gift and its receipt PDF.
    page.get_by_role("link", name="Gåvor", exact=True).first.click()
    row = page.locator("tbody tr").filter(has_text=gift.receipt_reference)
    assert "Fackliga rättigheter i Kosovo" in row.inner_text()
    assert "Betald" in row.inner_text()
    with page.expect_download() as download:
        row.get_by_role("link").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert download.value.suggested_filename == f"receipt-{gift.receipt_reference}.pdf"

    # This year's statement.
    page.get_by_role("link", name="Årsbesked", exact=True).first.click()
    year = timezone.localdate().year
    page.get_by_role("link", name=f"Årsbesked {year}").click()
    page.get_by_role("heading", name=f"Årsbesked {year}").wait_for()
    assert page.locator("#total-SEK").inner_text() == f"250{NBSP}kr"
    assert gift.receipt_reference in page.locator("#statement-gifts").inner_text()
