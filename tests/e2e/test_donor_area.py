"""A new donor gives, follows "Manage your gifts" from the receipt email, signs in with
the code emailed to them, downloads the receipt and sees the yearly statement."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from donations.consents.links import withdrawal_token
from donations.models import Gift
from tests.donations.donor_area.helpers import code_in
from tests.factories.accounts import UserFactory
from tests.factories.campaigns import CampaignFactory
from tests.factories.donations import DonorFactory, GiftFactory

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
    row = page.locator("li.gift").filter(has_text=gift.receipt_reference)
    assert "Fackliga rättigheter i Kosovo" in row.inner_text()
    assert "Betald" in row.inner_text()
    with page.expect_download() as download:
        row.get_by_role("link").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert download.value.suggested_filename == f"kvitto-{gift.receipt_reference}.pdf"

    # This year's statement.
    page.get_by_role("link", name="Årsbesked", exact=True).first.click()
    year = timezone.localdate().year
    page.get_by_role("link", name=f"Årsbesked {year}").click()
    page.get_by_role("heading", name=f"Årsbesked {year}").wait_for()
    assert page.locator("#total-SEK").inner_text() == f"250{NBSP}kr"
    assert gift.receipt_reference in page.locator("#statement-gifts").inner_text()


AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
RUN_AXE = "async () => (await axe.run(document)).violations"


def sign_in_browser(page, live_server, user):
    """Give the browser the session of a signed-in ``user``."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_donor_pages_fit_a_phone_and_have_no_serious_accessibility_problem(
    page, live_server, language
):
    gift = GiftFactory(donor=DonorFactory(email="ada@example.org"), refunded_minor=5000)
    sign_in_browser(page, live_server, UserFactory(email="ada@example.org"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.add_init_script(path=str(AXE))
    with translation.override(language):
        urls = [
            reverse("donor-area:overview"),
            reverse("donor-area:gifts"),
            reverse("donor-area:statements"),
            reverse("donor-area:statement", args=[timezone.localdate().year]),
            reverse("donor-area:consents"),
            reverse("donor-area:withdraw-consents", args=[withdrawal_token(gift.donor)]),
        ]
    problems = []
    for url in urls:
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        problems += [
            f"{url}: {v['id']} ({v['impact']}): {v['help']}"
            for v in page.evaluate(RUN_AXE)
            if v["impact"] in {"serious", "critical"}
        ]

    assert problems == []
