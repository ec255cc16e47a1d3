"""Finance staff log in with two factors, open a payout, follow a line to its gift and
refund part of it with a reason: the page says "requested" until the emulator's refund
events reach the webhook, then "refunded".

The emulator here delivers no webhooks by itself: the test posts its events to the
live server when it chooses, so "requested" is seen before Stripe's answer arrives."""

import json
import re
import time
import urllib.request

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value
from django.test import override_settings

from donations.models import Payout, RefundRequest
from stripe_emulator.server import EmulatorServer
from tests.donations.finance.conftest import EmulatorDriver
from tests.donations.stripe_events import signature_header
from tests.factories.accounts import PASSWORD, FinanceStaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"


def _post_to(webhook_url: str):
    """Deliver one event to the live server's webhook, signed as Stripe signs."""

    def deliver(event: dict) -> None:
        payload = json.dumps(event).encode()
        request = urllib.request.Request(
            webhook_url,
            data=payload,
            headers={
                "Content-Type": "application/json",
                "Stripe-Signature": signature_header(payload),
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    return deliver


@pytest.fixture
def stripe_side(live_server):
    """Stripe's side, whose events reach the live server only when the test flushes them."""
    server = EmulatorServer(host="127.0.0.1", port=0, retry_base_seconds=0.2).start()
    with override_settings(STRIPE_API_BASE=server.base_url, SITE_URL=live_server.url):
        yield EmulatorDriver(server, _post_to(f"{live_server.url}/stripe/webhook/"))
    server.stop()


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_finance_staff_refund_part_of_a_gift_from_its_payout(
    page, live_server, stripe_side, settings
):
    settings.MFA_TOTP_TOLERANCE = 1
    secret = generate_totp_secret()
    FinanceStaffFactory(email="ekonomi@example.org", totp=secret)
    gift = stripe_side.give(25000)
    stripe_side.payout()
    payout = Payout.objects.get()
    assert payout.is_reconciled

    page.goto(f"{live_server.url}/ekonomi/utbetalningar/")
    page.locator("input[name=login]").fill("ekonomi@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/konto/2fa/authenticate/.*"))
    page.locator("input[name=code]").fill(_code(secret))
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r".*/ekonomi/utbetalningar/$"))

    page.get_by_role("link", name=payout.stripe_payout_id).click()
    assert page.locator("#reconciliation .text-bg-success").count() == 1
    page.get_by_role("link", name=f"Gåva {gift.pk}", exact=True).first.click()
    page.wait_for_url(re.compile(rf".*/ekonomi/gavor/{gift.pk}/$"))

    page.get_by_label("Belopp att återbetala").fill("100")
    page.get_by_label("Orsak").fill("Givaren gav två gånger")
    page.get_by_role("button", name="Återbetala").click()

    page.get_by_text(f"En återbetalning på 100{NBSP}kr är begärd").wait_for()
    assert page.locator(".refund-state").first.inner_text() == "Begärd"

    stripe_side.flush()
    page.reload()
    assert page.locator(".refund-state").first.inner_text() == "Återbetald"
    assert page.locator("#gift-refunded").inner_text() == f"100{NBSP}kr"
    request = RefundRequest.objects.get()
    assert (request.reason, request.refund.amount_minor) == ("Givaren gav två gånger", 10000)
