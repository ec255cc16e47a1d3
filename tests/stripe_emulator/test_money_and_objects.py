"""Fees, calendar arithmetic, test cards, and object shapes against Stripe's fixtures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import stripe

from stripe_emulator.cards import Behaviour, InputError, read_card
from stripe_emulator.money import format_amount, processing_fee
from stripe_emulator.objects import add_months, fixture
from stripe_emulator.server import EmulatorServer
from tests.stripe_emulator.helpers import api, control, monthly_params, pay


@pytest.mark.parametrize(
    ("amount", "currency", "fee"),
    [
        (15000, "sek", 405),  # 1.5 % of 150 kr = 2.25 kr, plus 1.80 kr
        (10000, "sek", 330),
        (100, "sek", 182),  # 1.5 öre rounds half up
        (1000, "eur", 40),  # €0.15 + €0.25
        (2500, "eur", 63),  # 37.5 cents rounds up to 38
    ],
)
def test_fee_is_stripes_eea_card_rate(amount: int, currency: str, fee: int) -> None:
    assert processing_fee(amount, currency) == fee


def test_amounts_are_formatted_like_stripes_english_pages() -> None:
    assert format_amount(15000, "sek") == "SEK 150.00"
    assert format_amount(500, "jpy") == "JPY 500"


def test_months_are_added_on_the_anchor_day_clamped_to_the_month() -> None:
    jan_31 = int(datetime(2025, 1, 31, 12, tzinfo=UTC).timestamp())
    feb_28 = add_months(jan_31, 1, 31)
    assert datetime.fromtimestamp(feb_28, UTC) == datetime(2025, 2, 28, 12, tzinfo=UTC)
    assert datetime.fromtimestamp(add_months(feb_28, 1, 31), UTC).day == 31
    dec = int(datetime(2025, 12, 15, tzinfo=UTC).timestamp())
    assert datetime.fromtimestamp(add_months(dec, 1, 15), UTC) == datetime(2026, 1, 15, tzinfo=UTC)


def test_test_cards_are_recognised_with_spaces() -> None:
    card = read_card("4242 4242 4242 4242", "12 / 40", "123")
    assert (card.brand, card.last4, card.exp_month, card.exp_year) == ("visa", "4242", 12, 2040)
    assert read_card("4000000000000002", "1240", "123").behaviour is Behaviour.DECLINED
    assert (
        read_card("4000 0025 0000 3155", "12/40", "123").behaviour
        is Behaviour.REQUIRES_AUTHENTICATION
    )


@pytest.mark.parametrize(
    ("number", "expiry", "cvc", "field", "message"),
    [
        ("1234 5678 9012 3456", "12/40", "123", "cardnumber", "Your card number is invalid."),
        ("", "12/40", "123", "cardnumber", "Your card number is incomplete."),
        ("4242424242424242", "12/20", "123", "exp", "Your card's expiration year is in the past."),
        ("4242424242424242", "13/40", "123", "exp", "Your card's expiration month is invalid."),
        ("4242424242424242", "", "123", "exp", "Your card's expiration date is incomplete."),
        ("4242424242424242", "12/40", "12", "cvc", "Your card's security code is incomplete."),
    ],
)
def test_card_input_errors(number: str, expiry: str, cvc: str, field: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        read_card(number, expiry, cvc)
    assert (error.value.field, error.value.message) == (field, message)


def test_every_object_has_every_field_of_stripes_example(
    server: EmulatorServer, sdk: stripe.StripeClient
) -> None:
    session = sdk.v1.checkout.sessions.create(params=monthly_params())
    pay(server, session.id)
    subscription = server.state.all("subscription")[0]
    control(server, f"/subscriptions/{subscription['id']}/renew")
    charge = server.state.all("charge")[0]
    api(server, "POST", "/v1/refunds", {"charge": charge["id"], "amount": "100"})
    control(server, f"/charges/{charge['id']}/dispute")
    control(server, "/payouts")
    portal = api(server, "POST", "/v1/billing_portal/sessions", {"customer": charge["customer"]})
    assert portal.status == 200

    for name, objects in server.state.dump()["objects"].items():
        expected = set(fixture(name))
        if name == "invoice":
            expected.discard("subscription")  # gone from invoices in this API version
        for obj in objects:
            assert expected <= set(obj), (name, expected - set(obj))
    invoice = server.state.all("invoice")[0]
    assert "subscription" not in invoice
    assert "current_period_end" not in subscription
