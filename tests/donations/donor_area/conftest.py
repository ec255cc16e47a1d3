"""Monthly gifts that live in the emulator: a real checkout paid there, its events
forwarded to our webhook one by one, so a test decides their order."""

import json
import urllib.parse
import urllib.request

import pytest

from donations import checkout
from donations.models import Frequency, RecurringPlan
from tests.factories.campaigns import CampaignFactory


class EmulatorEvents:
    """The events the emulator has made and we have not yet taken."""

    def __init__(self, server):
        self.store = server.emulator.store
        self.seen = {event["id"] for event in self.store.events()}

    def take(self, event_type: str | None = None) -> list[dict]:
        new = [event for event in self.store.events(event_type) if event["id"] not in self.seen]
        self.seen.update(event["id"] for event in new)
        return new


@pytest.fixture
def emulator_events(stripe_emulator_server):
    return EmulatorEvents(stripe_emulator_server)


@pytest.fixture
def forward(emulator_events, deliver):
    """Deliver every new emulator event (optionally only one type) to our webhook."""

    def _forward(event_type: str | None = None) -> list[dict]:
        events = emulator_events.take(event_type)
        for event in events:
            deliver(event)
        return events

    return _forward


def emulator_post(server, path: str, **data: str) -> dict:
    request = urllib.request.Request(
        f"{server.base_url}{path}", data=urllib.parse.urlencode(data).encode(), method="POST"
    )
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def subscription_at_emulator(server, plan: RecurringPlan) -> dict:
    return server.emulator.store.fetch("subscription", plan.stripe_subscription_id)


@pytest.fixture
def make_live_plan(stripe_emulator_server, forward):
    """A monthly gift given through Checkout and paid at the emulator, with every event
    delivered: an active plan with its first installment."""

    def _make(amount_minor: int = 10000, email: str = "maria@example.org") -> RecurringPlan:
        opened = checkout.start_checkout(
            checkout.GiftRequest(
                campaign=CampaignFactory(allows_monthly=True),
                amount_minor=amount_minor,
                currency="SEK",
                frequency=Frequency.MONTHLY,
                name="Maria Månadsgivare",
                email=email,
                language="sv",
            ),
            success_url=lambda intent: "https://example.org/thanks",
            cancel_url=lambda intent: "https://example.org/cancelled",
        )
        emulator_post(
            stripe_emulator_server,
            f"/_emulator/checkout/sessions/{opened.intent.stripe_session_id}/pay",
            card="4242424242424242",
        )
        forward()
        return RecurringPlan.objects.get(checkout_intent=opened.intent)

    return _make


@pytest.fixture
def live_plan(make_live_plan):
    return make_live_plan()
