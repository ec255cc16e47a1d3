"""Helpers for the Stripe emulator tests: raw HTTP calls, a webhook receiver, and the
checkout params the product sends."""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler
from typing import Any

from stripe_emulator.server import EmulatorServer

WEBHOOK_SECRET = "whsec_test_secret_for_emulator_tests"
API_KEY = "sk_test_emulator"


@dataclass
class Delivery:
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class Receiver:
    """A tiny webhook endpoint that records deliveries and answers with scripted statuses."""

    deliveries: list[Delivery] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    gate: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def clear(self) -> None:
        with self.lock:
            self.deliveries.clear()
            self.statuses.clear()
        self.gate.set()

    def next_status(self) -> int:
        with self.lock:
            return self.statuses.pop(0) if self.statuses else 200

    def record(self, delivery: Delivery) -> None:
        with self.lock:
            self.deliveries.append(delivery)

    @property
    def types(self) -> list[str]:
        return [delivery.event["type"] for delivery in self.deliveries]


def receiver_handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            receiver.gate.wait(timeout=5)
            receiver.record(Delivery(dict(self.headers.items()), body))
            self.send_response(receiver.next_status())
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

    return Handler


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    base_url: str,
    method: str,
    path: str,
    data: dict[str, str] | list[tuple[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> RawResponse:
    """One HTTP request without following redirects."""
    host = urllib.parse.urlsplit(base_url).netloc
    connection = HTTPConnection(host, timeout=10)
    body = urllib.parse.urlencode(data) if data is not None else None
    all_headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    try:
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        return RawResponse(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


def api(
    server: EmulatorServer,
    method: str,
    path: str,
    data: dict[str, str] | list[tuple[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> RawResponse:
    """A raw API call with a valid key, for checks the SDK would hide."""
    return request(
        server.base_url,
        method,
        path,
        data,
        {"Authorization": f"Bearer {API_KEY}", **(headers or {})},
    )


def control(server: EmulatorServer, path: str, **data: str) -> RawResponse:
    return request(server.base_url, "POST", f"/_emulator{path}", data)


def donation_params(**overrides: Any) -> dict[str, Any]:
    """A one-off donation of 150 kr, as the product creates it."""
    params: dict[str, Any] = {
        "mode": "payment",
        "submit_type": "donate",
        "line_items": [
            {
                "price_data": {
                    "currency": "sek",
                    "unit_amount": 15000,
                    "product_data": {"name": "Gift to the solidarity fund"},
                },
                "quantity": 1,
            }
        ],
        "customer_email": "donor@example.com",
        "client_reference_id": "donation-1",
        "locale": "sv",
        "metadata": {"donation_id": "1"},
        "payment_intent_data": {"metadata": {"donation_id": "1"}},
        "success_url": "http://shop.test/thanks?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://shop.test/cancel",
        "payment_method_types": ["card"],
    }
    params.update(overrides)
    return params


def monthly_params(**overrides: Any) -> dict[str, Any]:
    """A monthly gift of 100 kr."""
    params: dict[str, Any] = {
        "mode": "subscription",
        "line_items": [
            {
                "price_data": {
                    "currency": "sek",
                    "unit_amount": 10000,
                    "product_data": {"name": "Monthly gift"},
                    "recurring": {"interval": "month"},
                },
                "quantity": 1,
            }
        ],
        "customer_email": "monthly@example.com",
        "metadata": {"pledge_id": "7"},
        "subscription_data": {"metadata": {"pledge_id": "7"}},
        "success_url": "http://shop.test/thanks?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://shop.test/cancel",
    }
    params.update(overrides)
    return params


def pay(
    server: EmulatorServer, session_id: str, card: str = "4242424242424242", **fields: str
) -> Any:
    response = control(server, f"/checkout/sessions/{session_id}/pay", card=card, **fields)
    assert response.status == 200, response.text
    return response.json()
