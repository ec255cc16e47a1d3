"""The /v1 API through the real SDK: authentication, errors, idempotency, lists, expansion,
checkout sessions, customers, payments and events."""

from __future__ import annotations

import base64
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import stripe

from stripe_emulator.core import DEFAULT_API_VERSION
from stripe_emulator.server import EmulatorServer
from tests.stripe_emulator.helpers import api, donation_params, monthly_params, pay, request


def test_api_version_matches_the_pinned_sdk() -> None:
    assert stripe._api_version._ApiVersion.CURRENT == DEFAULT_API_VERSION


# Authentication and errors


def test_missing_api_key_is_401_with_stripes_error_shape(server: EmulatorServer) -> None:
    response = request(server.base_url, "GET", "/v1/customers")

    assert response.status == 401
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["message"].startswith("You did not provide an API key.")


def test_invalid_api_key_is_rejected(server: EmulatorServer) -> None:
    bad = stripe.StripeClient(
        "pk_test_publishable", base_addresses={"api": server.base_url}, max_network_retries=0
    )
    with pytest.raises(stripe.AuthenticationError) as error:
        bad.v1.customers.list()
    assert error.value.http_status == 401
    assert "Invalid API Key provided" in str(error.value.user_message)


def test_basic_auth_like_curl_is_accepted(server: EmulatorServer) -> None:
    token = base64.b64encode(b"sk_test_curl:").decode()
    response = request(
        server.base_url, "GET", "/v1/customers", headers={"Authorization": f"Basic {token}"}
    )
    assert response.status == 200
    assert response.json() == {
        "object": "list",
        "data": [],
        "has_more": False,
        "url": "/v1/customers",
    }


def test_unknown_url_is_404(server: EmulatorServer) -> None:
    response = api(server, "GET", "/v1/nothing_here")
    assert response.status == 404
    assert response.json()["error"]["message"].startswith("Unrecognized request URL (GET: /v1/")


def test_missing_object_is_404_resource_missing(sdk: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as error:
        sdk.v1.customers.retrieve("cus_missing")
    assert error.value.http_status == 404
    assert error.value.code == "resource_missing"
    assert error.value.param == "id"
    assert error.value.user_message == "No such customer: 'cus_missing'"


def test_responses_carry_request_id_and_version(server: EmulatorServer) -> None:
    response = api(server, "GET", "/v1/events")
    assert response.headers["Request-Id"].startswith("req_")
    assert response.headers["Stripe-Version"] == DEFAULT_API_VERSION


# Idempotency


def test_same_idempotency_key_replays_the_response(server: EmulatorServer) -> None:
    headers = {"Idempotency-Key": "key-1"}
    first = api(server, "POST", "/v1/customers", {"email": "a@example.com"}, headers)
    second = api(server, "POST", "/v1/customers", {"email": "a@example.com"}, headers)

    assert first.status == second.status == 200
    assert first.body == second.body
    assert second.headers["Idempotent-Replayed"] == "true"
    assert len(server.state.all("customer")) == 1
    assert len(server.state.events("customer.created")) == 1


def test_idempotency_key_reused_with_other_params_is_an_error(server: EmulatorServer) -> None:
    headers = {"Idempotency-Key": "key-2"}
    api(server, "POST", "/v1/customers", {"email": "a@example.com"}, headers)
    response = api(server, "POST", "/v1/customers", {"email": "b@example.com"}, headers)

    assert response.status == 400
    assert response.json()["error"]["type"] == "idempotency_error"


def test_sdk_idempotency_key_option(sdk: stripe.StripeClient, server: EmulatorServer) -> None:
    options: Any = {"idempotency_key": "checkout-42"}
    first = sdk.v1.checkout.sessions.create(params=donation_params(), options=options)
    again = sdk.v1.checkout.sessions.create(params=donation_params(), options=options)
    assert first.id == again.id
    assert len(server.state.all("checkout.session")) == 1


# Checkout sessions


def test_create_checkout_session(sdk: stripe.StripeClient, server: EmulatorServer) -> None:
    session = sdk.v1.checkout.sessions.create(params=donation_params())

    assert session.id.startswith("cs_test_")
    assert session.object == "checkout.session"
    assert session.url == f"{server.base_url}/pay/{session.id}"
    assert (session.status, session.payment_status) == ("open", "unpaid")
    assert (session.amount_total, session.currency) == (15000, "sek")
    assert session.submit_type == "donate"
    assert session.customer_email == "donor@example.com"
    assert session.client_reference_id == "donation-1"
    assert session.locale == "sv"
    assert session.metadata.to_dict() == {"donation_id": "1"}
    assert session.success_url == "http://shop.test/thanks?session={CHECKOUT_SESSION_ID}"
    assert session.payment_intent is None
    assert session.expires_at - session.created == 24 * 3600


@pytest.mark.parametrize(
    ("params", "param", "message"),
    [
        ({"mode": None}, "mode", "Missing required param: mode."),
        ({"line_items": None}, "line_items", "Missing required param: line_items."),
        ({"colour": "red"}, "colour", "Received unknown parameter: colour"),
        (
            {"subscription_data": {"metadata": {"a": "b"}}},
            "subscription_data",
            "You can not pass `subscription_data` in `payment` mode.",
        ),
        (
            {"customer": "cus_x"},
            "customer_email",
            "You may only specify one of these parameters: customer, customer_email.",
        ),
        (
            {"line_items": [{"price_data": {"currency": "sek", "unit_amount": 100}}]},
            "line_items[0][quantity]",
            "Missing required param: line_items[0][quantity].",
        ),
        (
            {
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "sek",
                            "unit_amount": 100,
                            "product_data": {"name": "Tiny"},
                        },
                    }
                ]
            },
            "line_items",
            "The Checkout Session's total amount due must add up to at least SEK 3.00",
        ),
        (
            monthly_params(mode="payment", subscription_data=None, customer_email=None),
            "mode",
            "You specified `payment` mode but passed a recurring price. Either switch to "
            "`subscription` mode or use only one-time prices.",
        ),
        (
            {"expires_at": int(time.time()) + 60},
            "expires_at",
            "The `expires_at` timestamp must be at least 30 minutes from Checkout Session "
            "creation.",
        ),
        ({"success_url": "not a url"}, "success_url", "Not a valid URL"),
    ],
)
def test_checkout_session_validation(
    sdk: stripe.StripeClient, params: dict[str, Any], param: str, message: str
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as error:
        sdk.v1.checkout.sessions.create(params=donation_params(**params))
    assert error.value.http_status == 400
    assert error.value.param == param
    assert error.value.user_message == message


def test_invalid_session_leaves_no_prices_or_products(
    sdk: stripe.StripeClient, server: EmulatorServer
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as error:
        sdk.v1.checkout.sessions.create(
            params=donation_params(payment_intent_data={"metadata": {"k" * 41: "v"}})
        )
    assert error.value.param == f"payment_intent_data[metadata][{'k' * 41}]"
    assert server.state.objects == {}


def test_subscription_prices_must_share_an_interval(sdk: stripe.StripeClient) -> None:
    params = monthly_params()
    yearly = {
        "price_data": {
            "currency": "sek",
            "unit_amount": 50000,
            "product_data": {"name": "Yearly"},
            "recurring": {"interval": "year"},
        },
        "quantity": 1,
    }
    params["line_items"].append(yearly)
    with pytest.raises(stripe.InvalidRequestError) as error:
        sdk.v1.checkout.sessions.create(params=params)
    assert "different billing intervals" in str(error.value.user_message)


def test_several_line_items_add_up(sdk: stripe.StripeClient, server: EmulatorServer) -> None:
    params = donation_params()
    params["line_items"].append(
        {
            "price_data": {"currency": "sek", "unit_amount": 2500, "product_data": {"name": "Pin"}},
            "quantity": 2,
        }
    )
    session = sdk.v1.checkout.sessions.create(params=params)
    assert session.amount_total == 20000
    assert pay(server, session.id)["amount_total"] == 20000
    assert server.state.all("payment_intent")[0]["amount"] == 20000


def test_unknown_customer_param_is_400_resource_missing(sdk: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as error:
        sdk.v1.checkout.sessions.create(
            params=donation_params(customer="cus_nope", customer_email=None)
        )
    assert (error.value.http_status, error.value.code, error.value.param) == (
        400,
        "resource_missing",
        "customer",
    )


def test_expire_checkout_session(sdk: stripe.StripeClient, server: EmulatorServer) -> None:
    session = sdk.v1.checkout.sessions.create(params=donation_params())

    expired = sdk.v1.checkout.sessions.expire(session.id)

    assert (expired.status, expired.url) == ("expired", None)
    assert [event["type"] for event in server.state.events()] == ["checkout.session.expired"]
    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.checkout.sessions.expire(session.id)


def test_sessions_past_expires_at_expire_when_looked_at(
    sdk: stripe.StripeClient, server: EmulatorServer
) -> None:
    session = sdk.v1.checkout.sessions.create(params=donation_params())
    server.state.get(session.id)["expires_at"] = int(time.time()) - 1

    assert sdk.v1.checkout.sessions.retrieve(session.id).status == "expired"
    assert server.state.events("checkout.session.expired")


def test_list_pagination(sdk: stripe.StripeClient) -> None:
    created = [sdk.v1.checkout.sessions.create(params=donation_params()).id for _ in range(5)]

    first = sdk.v1.checkout.sessions.list(params={"limit": 2})
    assert [session.id for session in first.data] == created[::-1][:2]
    assert first.has_more is True
    rest = sdk.v1.checkout.sessions.list(params={"limit": 10, "starting_after": first.data[-1].id})
    assert [session.id for session in rest.data] == created[::-1][2:]
    assert rest.has_more is False
    before = sdk.v1.checkout.sessions.list(params={"ending_before": created[0], "limit": 1})
    assert [session.id for session in before.data] == [created[1]]
    everything = sdk.v1.checkout.sessions.list(params={"limit": 2}).auto_paging_iter()
    assert [session.id for session in everything] == created[::-1]


def test_list_line_items(sdk: stripe.StripeClient) -> None:
    session = sdk.v1.checkout.sessions.create(params=donation_params())

    items = sdk.v1.checkout.sessions.line_items.list(session.id)

    assert len(items.data) == 1
    item = items.data[0]
    assert (item.object, item.amount_total, item.quantity) == ("item", 15000, 1)
    assert item.description == "Gift to the solidarity fund"
    assert item.price.unit_amount == 15000


# Payments


def test_paid_donation_creates_stripe_objects(
    sdk: stripe.StripeClient, server: EmulatorServer, paid_donation: dict[str, Any]
) -> None:
    session = sdk.v1.checkout.sessions.retrieve(
        paid_donation["id"],
        params={
            "expand": ["payment_intent.latest_charge.balance_transaction", "customer", "line_items"]
        },
    )

    assert (session.status, session.payment_status) == ("complete", "paid")
    assert session.line_items.data[0].amount_total == 15000
    assert session.customer_details.email == "donor@example.com"
    assert session.customer_details.name == "Ada Donor"
    assert (session.customer.email, session.customer.name) == ("donor@example.com", "Ada Donor")
    intent = session.payment_intent
    assert intent.id.startswith("pi_")
    assert (intent.status, intent.amount, intent.amount_received) == ("succeeded", 15000, 15000)
    assert intent.metadata.to_dict() == {"donation_id": "1"}
    assert intent.customer == session.customer.id
    charge = intent.latest_charge
    assert charge.id.startswith("ch_")
    assert (charge.paid, charge.status, charge.payment_intent) == (True, "succeeded", intent.id)
    assert charge.billing_details.email == "donor@example.com"
    assert charge.payment_method_details.card.brand == "visa"
    assert charge.payment_method_details.card.last4 == "4242"
    txn = charge.balance_transaction
    assert txn.id.startswith("txn_")
    assert (txn.amount, txn.fee, txn.net, txn.type) == (15000, 405, 14595, "charge")
    assert (txn.source, txn.status, txn.currency) == (charge.id, "pending", "sek")
    assert txn.fee_details[0].to_dict() == {
        "amount": 405,
        "application": None,
        "currency": "sek",
        "description": "Stripe processing fees",
        "type": "stripe_fee",
    }
    assert txn.available_on > txn.created


def test_payment_objects_are_retrievable(
    sdk: stripe.StripeClient, paid_donation: dict[str, Any]
) -> None:
    intent = sdk.v1.payment_intents.retrieve(paid_donation["payment_intent"])
    charge = sdk.v1.charges.retrieve(intent.latest_charge)
    txn = sdk.v1.balance_transactions.retrieve(charge.balance_transaction)
    charges = sdk.v1.charges.list(params={"payment_intent": intent.id})

    assert [c.id for c in charges.data] == [charge.id]
    assert txn.source == charge.id
    assert sdk.v1.payment_methods.retrieve(charge.payment_method).card.last4 == "4242"
    listed = sdk.v1.charges.list(params={"expand": ["data.balance_transaction"]})
    assert listed.data[0].balance_transaction.fee == 405


def test_invalid_expand_is_400(sdk: stripe.StripeClient, paid_donation: dict[str, Any]) -> None:
    with pytest.raises(stripe.InvalidRequestError) as error:
        sdk.v1.payment_intents.retrieve(
            paid_donation["payment_intent"], params={"expand": ["status"]}
        )
    assert error.value.user_message == "This property cannot be expanded (status)."


def test_guest_checkout_when_customer_creation_is_if_required(
    sdk: stripe.StripeClient, server: EmulatorServer
) -> None:
    session = sdk.v1.checkout.sessions.create(
        params=donation_params(customer_creation="if_required")
    )
    paid = pay(server, session.id)
    assert paid["customer"] is None
    assert paid["customer_details"]["email"] == "donor@example.com"
    assert server.state.all("customer") == []


def test_checkout_for_an_existing_customer(
    sdk: stripe.StripeClient, server: EmulatorServer
) -> None:
    customer = sdk.v1.customers.create(params={"email": "known@example.com", "name": "Known"})
    session = sdk.v1.checkout.sessions.create(
        params=donation_params(customer=customer.id, customer_email=None)
    )

    paid = pay(server, session.id, email="ignored@example.com")

    assert paid["customer"] == customer.id
    assert paid["customer_details"]["email"] == "known@example.com"
    assert len(server.state.all("customer")) == 1


def test_declined_card_via_control_endpoint_is_402(
    sdk: stripe.StripeClient, server: EmulatorServer
) -> None:
    session = sdk.v1.checkout.sessions.create(params=donation_params())
    response = request(
        server.base_url,
        "POST",
        f"/_emulator/checkout/sessions/{session.id}/pay",
        {"card": "4000000000000002"},
    )

    assert response.status == 402
    assert response.json()["error"] == {
        "type": "card_error",
        "code": "card_declined",
        "decline_code": "generic_decline",
        "doc_url": "https://stripe.com/docs/error-codes/card-declined",
        "message": "Your card was declined.",
    }
    assert sdk.v1.checkout.sessions.retrieve(session.id).status == "open"


# Customers


def test_customers_create_update_list(sdk: stripe.StripeClient, server: EmulatorServer) -> None:
    customer = sdk.v1.customers.create(
        params={"email": "c@example.com", "name": "C", "metadata": {"user_id": "5"}}
    )
    updated = sdk.v1.customers.update(
        customer.id, params={"name": "Cecilia", "metadata": {"user_id": ""}}
    )

    assert customer.id.startswith("cus_")
    assert (updated.name, updated.email, updated.metadata.to_dict()) == (
        "Cecilia",
        "c@example.com",
        {},
    )
    assert sdk.v1.customers.retrieve(customer.id).name == "Cecilia"
    assert [c.id for c in sdk.v1.customers.list(params={"email": "c@example.com"}).data] == [
        customer.id
    ]
    assert sdk.v1.customers.list(params={"email": "other@example.com"}).data == []
    created, changed = server.state.events()
    assert created["type"] == "customer.created"
    assert changed["type"] == "customer.updated"
    assert changed["data"]["previous_attributes"] == {"name": "C", "metadata": {"user_id": "5"}}


# Events


def test_events_follow_stripes_shape(sdk: stripe.StripeClient, server: EmulatorServer) -> None:
    response = api(
        server, "POST", "/v1/customers", {"email": "e@example.com"}, {"Idempotency-Key": "ik"}
    )
    event = sdk.v1.events.list().data[0]

    assert event.id.startswith("evt_")
    assert event.object == "event"
    assert event.type == "customer.created"
    assert event.api_version == DEFAULT_API_VERSION
    assert event.livemode is False
    assert event.request.id == response.headers["Request-Id"]
    assert event.request.idempotency_key == "ik"
    assert event.data.object.email == "e@example.com"
    assert "previous_attributes" not in event.data
    assert sdk.v1.events.retrieve(event.id).id == event.id


def test_events_filter_by_type(sdk: stripe.StripeClient, paid_donation: dict[str, Any]) -> None:
    assert [e.type for e in sdk.v1.events.list(params={"type": "charge.succeeded"}).data] == [
        "charge.succeeded"
    ]
    assert [e.type for e in sdk.v1.events.list(params={"type": "checkout.session.*"}).data] == [
        "checkout.session.completed"
    ]
    types = [e.type for e in sdk.v1.events.list(params={"types": ["customer.created"]}).data]
    assert types == ["customer.created"]


def test_hosted_page_events_have_no_request_id(paid_donation: dict[str, Any], server: Any) -> None:
    completed = server.state.events("checkout.session.completed")[0]
    assert completed["request"] == {"id": None, "idempotency_key": None}


def test_state_and_reset_control_endpoints(
    server: EmulatorServer, paid_donation: dict[str, Any]
) -> None:
    state = request(server.base_url, "GET", "/_emulator/state").json()
    assert [session["id"] for session in state["objects"]["checkout.session"]] == [
        paid_donation["id"]
    ]

    assert request(server.base_url, "POST", "/_emulator/reset").json() == {"reset": True}
    assert server.state.objects == {}


def test_concurrent_payments_are_applied_atomically(
    sdk: stripe.StripeClient, server: EmulatorServer
) -> None:
    sessions = [sdk.v1.checkout.sessions.create(params=donation_params()) for _ in range(8)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda session: pay(server, session.id), sessions))

    assert {result["status"] for result in results} == {"complete"}
    assert len(server.state.all("charge")) == 8
    assert len(server.state.events("checkout.session.completed")) == 8
    assert len({txn["id"] for txn in server.state.all("balance_transaction")}) == 8
