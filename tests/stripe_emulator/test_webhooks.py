"""Webhook signing and delivery: order, retries, several endpoints, redelivery."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
import stripe

from stripe_emulator.server import EmulatorServer
from stripe_emulator.webhooks import sign
from tests.stripe_emulator.helpers import (
    WEBHOOK_SECRET,
    Receiver,
    api,
    control,
    donation_params,
    pay,
)


def verified(delivery: Any) -> stripe.Event:
    return stripe.Webhook.construct_event(
        delivery.body, delivery.headers["Stripe-Signature"], WEBHOOK_SECRET
    )


def test_signature_is_what_the_sdk_verifies() -> None:
    payload = b'{"id": "evt_1", "object": "event"}'
    header = sign(payload, WEBHOOK_SECRET, int(time.time()))

    assert header.startswith("t=")
    assert stripe.WebhookSignature.verify_header(payload.decode(), header, WEBHOOK_SECRET)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.WebhookSignature.verify_header(payload.decode(), header, "whsec_other")


def test_events_are_delivered_signed_and_in_order(
    server: EmulatorServer, receiver: Receiver, paid_donation: dict[str, Any]
) -> None:
    assert server.wait_for_deliveries(timeout=5)

    events = [verified(delivery) for delivery in receiver.deliveries]

    assert [event.type for event in events] == [
        "customer.created",
        "payment_intent.succeeded",
        "charge.succeeded",
        "checkout.session.completed",
    ]
    assert [event.id for event in events] == [event["id"] for event in server.state.events()]
    headers = receiver.deliveries[0].headers
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["User-Agent"].startswith("Stripe/1.0")
    completed = events[-1].data.object
    assert (completed.id, completed.status) == (paid_donation["id"], "complete")
    assert server.state.events()[0]["pending_webhooks"] == 0


def test_request_returns_before_the_webhook_is_delivered(
    server: EmulatorServer, sdk: stripe.StripeClient, receiver: Receiver
) -> None:
    receiver.gate.clear()
    started = time.monotonic()
    sdk.v1.customers.create(params={"email": "quick@example.com"})
    elapsed = time.monotonic() - started
    receiver.gate.set()

    assert elapsed < 2
    assert server.wait_for_deliveries(timeout=5)
    assert receiver.types == ["customer.created"]


def test_updated_events_carry_previous_attributes(
    server: EmulatorServer, sdk: stripe.StripeClient, receiver: Receiver
) -> None:
    customer = sdk.v1.customers.create(params={"email": "old@example.com"})
    sdk.v1.customers.update(customer.id, params={"email": "new@example.com"})
    assert server.wait_for_deliveries(timeout=5)

    event = verified(receiver.deliveries[-1])

    assert event.type == "customer.updated"
    assert event.data.object.email == "new@example.com"
    assert event.data.previous_attributes.to_dict() == {"email": "old@example.com"}


def test_failed_delivery_is_retried(
    server: EmulatorServer, sdk: stripe.StripeClient, receiver: Receiver
) -> None:
    receiver.statuses.extend([500, 503])

    sdk.v1.customers.create(params={"email": "retry@example.com"})

    assert server.wait_for_deliveries(timeout=5)
    ids = [delivery.event["id"] for delivery in receiver.deliveries]
    assert len(ids) == 3
    assert len(set(ids)) == 1
    assert [attempt.status for attempt in server.dispatcher.attempts] == [500, 503, 200]
    assert [attempt.attempt for attempt in server.dispatcher.attempts] == [1, 2, 3]
    assert server.state.events()[0]["pending_webhooks"] == 0


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/webhook"


@pytest.fixture
def unreachable_server() -> Iterator[EmulatorServer]:
    server = EmulatorServer(
        port=0,
        webhook_urls=[_closed_port_url()],
        retry_base_seconds=0.01,
        max_delivery_attempts=3,
    )
    server.start()
    yield server
    server.stop()


def test_delivery_gives_up_after_max_attempts(unreachable_server: EmulatorServer) -> None:
    response = api(unreachable_server, "POST", "/v1/customers", {"email": "x@example.com"})
    assert response.status == 200

    assert unreachable_server.wait_for_deliveries(timeout=5)
    attempts = unreachable_server.dispatcher.attempts
    assert [attempt.attempt for attempt in attempts] == [1, 2, 3]
    assert all(attempt.status is None and attempt.error for attempt in attempts)
    assert unreachable_server.state.events()[0]["pending_webhooks"] == 1


def test_every_configured_endpoint_gets_every_event(receiver: Receiver) -> None:
    receiver.clear()
    urls = [receiver.url, receiver.url + "?endpoint=2"]
    with EmulatorServer(port=0, webhook_urls=urls, webhook_secret=WEBHOOK_SECRET) as server:
        api(server, "POST", "/v1/customers", {"email": "two@example.com"})
        assert server.wait_for_deliveries(timeout=5)
        event = server.state.events()[0]

    assert receiver.types == ["customer.created", "customer.created"]
    assert event["pending_webhooks"] == 0
    receiver.clear()


def test_resend_delivers_the_same_event_again(
    server: EmulatorServer, sdk: stripe.StripeClient, receiver: Receiver
) -> None:
    sdk.v1.customers.create(params={"email": "twice@example.com"})
    event_id = server.state.events()[0]["id"]

    response = control(server, f"/events/{event_id}/resend")

    assert response.status == 200
    assert response.json()["id"] == event_id
    assert server.wait_for_deliveries(timeout=5)
    assert [verified(delivery).id for delivery in receiver.deliveries] == [event_id, event_id]


def test_events_snapshot_the_object_at_that_moment(
    server: EmulatorServer, sdk: stripe.StripeClient, receiver: Receiver
) -> None:
    session = sdk.v1.checkout.sessions.create(params=donation_params())
    pay(server, session.id)
    sdk.v1.refunds.create(params={"payment_intent": server.state.all("payment_intent")[0]["id"]})
    assert server.wait_for_deliveries(timeout=5)

    charge_events = {
        event.type: event.data.object
        for event in map(verified, receiver.deliveries)
        if event.type.startswith("charge.")
    }
    assert charge_events["charge.succeeded"].refunded is False
    assert charge_events["charge.refunded"].refunded is True
