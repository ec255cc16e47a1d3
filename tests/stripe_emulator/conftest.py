"""Fixtures for the Stripe emulator's own tests: a running emulator, a webhook receiver, and
the real ``stripe`` SDK pointed at the emulator."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from typing import Any

import pytest
import stripe

from stripe_emulator.server import EmulatorServer
from tests.stripe_emulator.helpers import (
    API_KEY,
    WEBHOOK_SECRET,
    Receiver,
    donation_params,
    monthly_params,
    pay,
    receiver_handler,
)


@pytest.fixture(scope="session")
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    receiver.gate.set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), receiver_handler(receiver))
    httpd.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{httpd.server_address[1]}/webhook"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield receiver
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def shared_server(receiver: Receiver) -> Iterator[EmulatorServer]:
    server = EmulatorServer(
        "127.0.0.1",
        0,
        webhook_urls=[receiver.url],
        webhook_secret=WEBHOOK_SECRET,
        retry_base_seconds=0.05,
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(shared_server: EmulatorServer, receiver: Receiver) -> EmulatorServer:
    """The shared emulator, emptied (state, webhook queue, receiver log) for this test."""
    receiver.gate.set()
    shared_server.wait_for_deliveries(timeout=5)
    shared_server.reset()
    receiver.clear()
    return shared_server


@pytest.fixture
def sdk(server: EmulatorServer) -> stripe.StripeClient:
    return stripe.StripeClient(
        API_KEY, base_addresses={"api": server.base_url}, max_network_retries=0
    )


@pytest.fixture
def paid_donation(server: EmulatorServer, sdk: stripe.StripeClient) -> dict[str, Any]:
    """A completed one-off donation of 150 kr."""
    session = sdk.v1.checkout.sessions.create(params=donation_params())
    return pay(server, session.id, name="Ada Donor")


@pytest.fixture
def monthly(server: EmulatorServer, sdk: stripe.StripeClient) -> dict[str, Any]:
    """A completed monthly-gift checkout session (subscription mode)."""
    session = sdk.v1.checkout.sessions.create(params=monthly_params())
    return pay(server, session.id, name="Monty Donor")
