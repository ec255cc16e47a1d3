"""The customer portal: sessions, cancelling, and updating the card used for renewals."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
import stripe

from stripe_emulator.server import EmulatorServer
from tests.stripe_emulator.helpers import control, request


@pytest.fixture
def portal(sdk: stripe.StripeClient, monthly: dict[str, Any]) -> stripe.billing_portal.Session:
    return sdk.v1.billing_portal.sessions.create(
        params={"customer": monthly["customer"], "return_url": "http://shop.test/account"}
    )


def portal_path(portal: stripe.billing_portal.Session, suffix: str = "") -> str:
    return f"/portal/{portal.id}{suffix}"


def test_portal_session(server: EmulatorServer, portal: stripe.billing_portal.Session) -> None:
    assert portal.id.startswith("bps_")
    assert portal.object == "billing_portal.session"
    assert portal.url == f"{server.base_url}/portal/{portal.id}"
    assert portal.return_url == "http://shop.test/account"


def test_portal_needs_an_existing_customer(sdk: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as error:
        sdk.v1.billing_portal.sessions.create(params={"customer": "cus_missing"})
    assert (error.value.param, error.value.code) == ("customer", "resource_missing")


def test_portal_page_lists_subscriptions(
    server: EmulatorServer, portal: stripe.billing_portal.Session
) -> None:
    page = request(server.base_url, "GET", portal_path(portal))

    assert page.status == 200
    assert "Monthly gift" in page.text
    assert "SEK 100.00 per month" in page.text
    assert ">Cancel subscription</button>" in page.text
    assert ">Update card</a>" in page.text
    assert "Visa ending in 4242" in page.text
    assert '<a href="http://shop.test/account">' in page.text


def test_cancel_from_the_portal_takes_effect_at_period_end(
    server: EmulatorServer,
    sdk: stripe.StripeClient,
    portal: stripe.billing_portal.Session,
    monthly: dict[str, Any],
) -> None:
    response = request(
        server.base_url,
        "POST",
        portal_path(portal, f"/subscriptions/{monthly['subscription']}/cancel"),
        {},
    )

    assert response.status == 303
    subscription = sdk.v1.subscriptions.retrieve(monthly["subscription"])
    assert (subscription.status, subscription.cancel_at_period_end) == ("active", True)
    assert server.state.events()[-1]["type"] == "customer.subscription.updated"
    location = urlsplit(response.headers["Location"])
    page = request(server.base_url, "GET", f"{location.path}?{location.query}")
    assert ">Don't cancel</button>" in page.text
    assert "Your subscription will be canceled at the end of the billing period." in page.text
    assert "Cancels on" in page.text

    request(
        server.base_url,
        "POST",
        portal_path(portal, f"/subscriptions/{monthly['subscription']}/renew"),
        {},
    )
    assert sdk.v1.subscriptions.retrieve(monthly["subscription"]).cancel_at_period_end is False


def test_update_card_saves_it_for_renewals(
    server: EmulatorServer,
    sdk: stripe.StripeClient,
    portal: stripe.billing_portal.Session,
    monthly: dict[str, Any],
) -> None:
    form = request(server.base_url, "GET", portal_path(portal, "/card"))
    assert '<label for="cardnumber">' in form.text

    response = request(
        server.base_url,
        "POST",
        portal_path(portal, "/card"),
        {"cardnumber": "4000 0000 0000 0002", "exp": "10/40", "cvc": "321", "name": "Monty"},
    )

    assert response.status == 303
    customer = sdk.v1.customers.retrieve(monthly["customer"])
    method = sdk.v1.payment_methods.retrieve(customer.invoice_settings.default_payment_method)
    assert method.card.last4 == "0002"
    subscription = sdk.v1.subscriptions.retrieve(monthly["subscription"])
    assert subscription.default_payment_method == method.id
    renewal = control(server, f"/subscriptions/{monthly['subscription']}/renew").json()
    assert renewal["status"] == "open"


def test_updating_the_card_retries_a_past_due_invoice(
    server: EmulatorServer,
    sdk: stripe.StripeClient,
    portal: stripe.billing_portal.Session,
    monthly: dict[str, Any],
) -> None:
    failed = control(server, f"/subscriptions/{monthly['subscription']}/renew", outcome="failed")
    assert sdk.v1.subscriptions.retrieve(monthly["subscription"]).status == "past_due"

    request(
        server.base_url,
        "POST",
        portal_path(portal, "/card"),
        {"cardnumber": "4242424242424242", "exp": "10/40", "cvc": "321"},
    )

    assert sdk.v1.invoices.retrieve(failed.json()["id"]).status == "paid"
    assert sdk.v1.subscriptions.retrieve(monthly["subscription"]).status == "active"


def test_invalid_card_in_the_portal_is_explained(
    server: EmulatorServer, portal: stripe.billing_portal.Session
) -> None:
    page = request(
        server.base_url,
        "POST",
        portal_path(portal, "/card"),
        {"cardnumber": "1234", "exp": "10/40", "cvc": "321"},
    )
    assert page.status == 200
    assert '<div role="alert" id="form-error" class="error">Your card number is invalid.</div>' in (
        page.text
    )


def test_unknown_portal_is_404(server: EmulatorServer) -> None:
    assert request(server.base_url, "GET", "/portal/bps_missing").status == 404
