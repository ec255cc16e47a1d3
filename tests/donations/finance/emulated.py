"""Gifts paid at the session's Stripe emulator and recorded through our webhook, so
refunds can go to the emulator and come back as its own events."""

from donations import stripe_gateway
from donations.models import Gift
from tests.factories.donations import CheckoutIntentFactory, MonthlyCheckoutIntentFactory
from tests.stripe_emulator.helpers import pay

CARD = "4242424242424242"
CARD_WHOSE_REFUNDS_FAIL = "4000000000005126"


class EmulatedStripe:
    """The emulator and our webhook: ``deliver_new_events`` posts to our webhook every
    event the emulator emitted since the last call, in its order."""

    def __init__(self, server, deliver):
        self.server = server
        self.deliver = deliver
        self.seen = len(server.state.events())

    def new_events(self, *types: str) -> list[dict]:
        events = self.server.state.events()[self.seen :]
        self.seen += len(events)
        return [event for event in events if not types or event["type"] in types]

    def deliver_new_events(self, *types: str) -> list[dict]:
        events = self.new_events(*types)
        for event in events:
            self.deliver(event)
        return events

    def paid_gift(
        self, *, amount_minor: int = 25000, card: str = CARD, monthly: bool = False
    ) -> Gift:
        """A one-off gift, or the first installment of a monthly gift."""
        factory = MonthlyCheckoutIntentFactory if monthly else CheckoutIntentFactory
        intent = factory(amount_minor=amount_minor)
        session = stripe_gateway.create_checkout_session(
            reference=str(intent.pk),
            amount_minor=amount_minor,
            currency="SEK",
            monthly=monthly,
            product_name="Gift",
            customer_email=intent.donor.email,
            customer_id=None,
            locale="sv",
            metadata={"checkout_intent": str(intent.pk)},
            success_url="http://testserver/tack/",
            cancel_url="http://testserver/avbruten/",
        )
        pay(self.server, session.id, card=card)
        self.deliver_new_events()
        if monthly:
            return Gift.objects.get(plan__checkout_intent=intent)
        return Gift.objects.get(checkout_intent=intent)
