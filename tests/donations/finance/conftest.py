"""A fresh Stripe emulator for each finance test, and a driver that gives, refunds,
disputes and pays out through it, delivering every event it sends to our webhook."""

from __future__ import annotations

import pytest
from django.test import override_settings

from donations import stripe_gateway
from donations.models import Gift
from stripe_emulator.server import EmulatorServer
from tests.factories.campaigns import CampaignFactory
from tests.factories.donations import CheckoutIntentFactory
from tests.stripe_emulator.helpers import control


class EmulatorDriver:
    """Plays Stripe's side of a month: each action's events are delivered at once."""

    def __init__(self, server: EmulatorServer, deliver) -> None:
        self.server = server
        self.deliver = deliver
        self.delivered = 0
        self.campaign = CampaignFactory()

    def give(self, amount_minor: int, currency: str = "SEK", *, report: bool = True) -> Gift | None:
        """A paid one-off gift; ``report=False`` keeps its events back (they are
        delivered with the next action), so Stripe knows a charge we do not yet."""
        intent = CheckoutIntentFactory(
            amount_minor=amount_minor, currency=currency, campaign=self.campaign
        )
        session = stripe_gateway.create_checkout_session(
            reference=str(intent.pk),
            amount_minor=amount_minor,
            currency=currency,
            monthly=False,
            product_name="Gift",
            customer_email=intent.donor.email,
            customer_id=None,
            locale="sv",
            metadata={"checkout_intent_id": str(intent.pk), "campaign_id": str(self.campaign.pk)},
            success_url="http://testserver/thanks",
            cancel_url="http://testserver/cancel",
        )
        intent.stripe_session_id = session.id
        intent.save(update_fields=["stripe_session_id"])
        path = f"/checkout/sessions/{session.id}/pay"
        response = control(self.server, path, card="4242424242424242")
        assert response.status == 200, response.json()
        if not report:
            return None
        self.flush()
        return Gift.objects.get(checkout_intent=intent)

    def refund(self, gift: Gift, amount_minor: int) -> None:
        stripe_gateway.client().v1.refunds.create(
            {"payment_intent": gift.stripe_payment_intent_id or "", "amount": amount_minor}
        )
        self.flush()

    def dispute(self, gift: Gift) -> str:
        gift.refresh_from_db()
        return self.control(f"/charges/{gift.stripe_charge_id}/dispute")["id"]

    def close_dispute(self, dispute_id: str, status: str) -> None:
        self.control(f"/disputes/{dispute_id}/close", status=status)

    def payout(self, **params: str) -> str:
        [payout] = self.control("/payouts", **params)["data"]
        return payout["id"]

    def control(self, path: str, **params: str) -> dict:
        response = control(self.server, path, **params)
        assert response.status == 200, response.json()
        self.flush()
        return response.json()

    def flush(self) -> None:
        """Deliver, in order, every event the emulator recorded since the last flush."""
        events = self.server.state.events()
        for event in events[self.delivered :]:
            self.deliver(event)
        self.delivered = len(events)


@pytest.fixture
def emulator():
    server = EmulatorServer(host="127.0.0.1", port=0, retry_base_seconds=0.05).start()
    with override_settings(STRIPE_API_BASE=server.base_url):
        yield server
    server.stop()


@pytest.fixture
def stripe_side(emulator, deliver) -> EmulatorDriver:
    return EmulatorDriver(emulator, deliver)
