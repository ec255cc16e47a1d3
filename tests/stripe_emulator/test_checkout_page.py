"""The hosted payment page (``/pay/{id}``) with each of Stripe's test cards."""

from __future__ import annotations

import re

import pytest
import stripe

from stripe_emulator.server import EmulatorServer
from tests.stripe_emulator.helpers import RawResponse, donation_params, monthly_params, request

GOOD = {
    "email": "donor@example.com",
    "name": "Ada Donor",
    "cardnumber": "4242 4242 4242 4242",
    "exp": "12 / 40",
    "cvc": "123",
}


def submit(server: EmulatorServer, session_id: str, **fields: str) -> RawResponse:
    return request(server.base_url, "POST", f"/pay/{session_id}", {**GOOD, **fields})


def alert(page: RawResponse) -> str:
    match = re.search(r'<div role="alert"[^>]*>(.*?)</div>', page.text)
    assert match, page.text
    return match.group(1)


@pytest.fixture
def session(sdk: stripe.StripeClient) -> stripe.checkout.Session:
    return sdk.v1.checkout.sessions.create(params=donation_params())


def test_page_shows_an_accessible_form(
    server: EmulatorServer, session: stripe.checkout.Session
) -> None:
    page = request(server.base_url, "GET", f"/pay/{session.id}")

    assert page.status == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    html = page.text
    assert "SEK 150.00" in html
    assert "Gift to the solidarity fund" in html
    for field in ("email", "name", "cardnumber", "exp", "cvc"):
        assert f'<label for="{field}">' in html
        assert f'id="{field}" name="{field}"' in html
    assert 'value="donor@example.com"' in html
    assert '<button type="submit">Donate</button>' in html
    assert '<a href="http://shop.test/cancel">Cancel</a>' in html
    assert 'role="alert"' not in html


def test_button_says_pay_without_submit_type(
    server: EmulatorServer, sdk: stripe.StripeClient
) -> None:
    session = sdk.v1.checkout.sessions.create(params=donation_params(submit_type=None))
    page = request(server.base_url, "GET", f"/pay/{session.id}")
    assert '<button type="submit">Pay</button>' in page.text


def test_subscription_page_says_monthly(server: EmulatorServer, sdk: stripe.StripeClient) -> None:
    session = sdk.v1.checkout.sessions.create(params=monthly_params())
    html = request(server.base_url, "GET", f"/pay/{session.id}").text

    assert "SEK 100.00 per month" in html
    assert "Billed monthly" in html
    assert '<button type="submit">Subscribe</button>' in html


def test_successful_card_redirects_to_success_url(
    server: EmulatorServer, sdk: stripe.StripeClient, session: stripe.checkout.Session
) -> None:
    response = submit(server, session.id)

    assert response.status == 303
    assert response.headers["Location"] == f"http://shop.test/thanks?session={session.id}"
    paid = sdk.v1.checkout.sessions.retrieve(session.id)
    assert (paid.status, paid.payment_status) == ("complete", "paid")
    assert [event["type"] for event in server.state.events()] == [
        "customer.created",
        "payment_intent.succeeded",
        "charge.succeeded",
        "checkout.session.completed",
    ]


def test_declined_card_shows_message_and_allows_retry(
    server: EmulatorServer, sdk: stripe.StripeClient, session: stripe.checkout.Session
) -> None:
    page = submit(server, session.id, cardnumber="4000 0000 0000 0002")

    assert page.status == 200
    assert alert(page) == "Your card was declined."
    assert 'value="Ada Donor"' in page.text
    declined = sdk.v1.checkout.sessions.retrieve(session.id, params={"expand": ["payment_intent"]})
    assert declined.status == "open"
    intent = declined.payment_intent
    assert intent.status == "requires_payment_method"
    assert intent.last_payment_error.code == "card_declined"
    assert [event["type"] for event in server.state.events()] == [
        "payment_intent.payment_failed",
        "charge.failed",
    ]

    assert submit(server, session.id).status == 303
    paid = sdk.v1.checkout.sessions.retrieve(session.id)
    assert paid.payment_intent == intent.id
    assert sdk.v1.payment_intents.retrieve(intent.id).status == "succeeded"


def test_declined_card_in_subscription_mode_records_nothing(
    server: EmulatorServer, sdk: stripe.StripeClient
) -> None:
    session = sdk.v1.checkout.sessions.create(params=monthly_params())
    page = submit(server, session.id, cardnumber="4000000000000002")

    assert alert(page) == "Your card was declined."
    assert server.state.events() == []
    assert server.state.all("subscription") == []


def test_authentication_can_fail_then_succeed(
    server: EmulatorServer, sdk: stripe.StripeClient, session: stripe.checkout.Session
) -> None:
    challenge = submit(server, session.id, cardnumber="4000 0025 0000 3155")

    assert "Authenticate this payment" in challenge.text
    assert ">Complete authentication</button>" in challenge.text
    assert ">Fail authentication</button>" in challenge.text
    assert server.state.events() == []
    token = re.search(r'name="attempt" value="([^"]+)"', challenge.text)
    assert token
    failed = request(
        server.base_url,
        "POST",
        f"/pay/{session.id}/authenticate",
        {"attempt": token.group(1), "outcome": "fail"},
    )
    assert alert(failed).startswith("We are unable to authenticate your payment method.")
    assert sdk.v1.checkout.sessions.retrieve(session.id).status == "open"
    assert [event["type"] for event in server.state.events()] == ["payment_intent.payment_failed"]

    challenge = submit(server, session.id, cardnumber="4000002500003155")
    token = re.search(r'name="attempt" value="([^"]+)"', challenge.text)
    assert token
    done = request(
        server.base_url,
        "POST",
        f"/pay/{session.id}/authenticate",
        {"attempt": token.group(1), "outcome": "complete"},
    )
    assert done.status == 303
    charge = server.state.all("charge")[0]
    assert charge["payment_method_details"]["card"]["three_d_secure"]["result"] == "authenticated"


def test_authentication_through_the_control_endpoint(
    server: EmulatorServer, session: stripe.checkout.Session
) -> None:
    response = request(
        server.base_url,
        "POST",
        f"/_emulator/checkout/sessions/{session.id}/pay",
        {"card": "4000002500003155", "authenticate": "fail"},
    )
    assert response.status == 402
    assert response.json()["error"]["code"] == "payment_intent_authentication_failure"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"cardnumber": "4111 1111 1111 1112"}, "Your card number is invalid."),
        ({"exp": "01 / 20"}, "Your card's expiration year is in the past."),
        ({"exp": "1"}, "Your card's expiration date is incomplete."),
        ({"cvc": "1"}, "Your card's security code is incomplete."),
    ],
)
def test_invalid_input_is_explained(
    server: EmulatorServer, session: stripe.checkout.Session, fields: dict[str, str], message: str
) -> None:
    page = submit(server, session.id, **fields)

    assert alert(page) == message
    assert 'aria-invalid="true"' in page.text
    assert server.state.events() == []


def test_cardholder_name_is_optional(
    server: EmulatorServer, session: stripe.checkout.Session
) -> None:
    assert submit(server, session.id, name="").status == 303
    assert server.state.all("customer")[0]["name"] is None


def test_email_is_required_without_customer_email(
    server: EmulatorServer, sdk: stripe.StripeClient
) -> None:
    session = sdk.v1.checkout.sessions.create(params=donation_params(customer_email=None))
    assert alert(submit(server, session.id, email="")) == "Your email is incomplete."
    assert alert(submit(server, session.id, email="nope")) == "Your email address is invalid."
    assert submit(server, session.id, email="typed@example.com").status == 303
    assert server.state.all("customer")[0]["email"] == "typed@example.com"


def test_paid_or_expired_sessions_show_a_closed_page(
    server: EmulatorServer, sdk: stripe.StripeClient, session: stripe.checkout.Session
) -> None:
    submit(server, session.id)
    assert "already been paid" in request(server.base_url, "GET", f"/pay/{session.id}").text
    assert "already been paid" in submit(server, session.id).text

    other = sdk.v1.checkout.sessions.create(params=donation_params())
    sdk.v1.checkout.sessions.expire(other.id)
    assert "has expired" in request(server.base_url, "GET", f"/pay/{other.id}").text


def test_unknown_session_page_is_404(server: EmulatorServer) -> None:
    assert request(server.base_url, "GET", "/pay/cs_test_unknown").status == 404
