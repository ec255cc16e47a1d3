"""Small helpers the donation tests share (fixtures stay in ``conftest.py``)."""

from campaigns import selectors as campaign_selectors
from donations.models import Gift
from tests.donations import stripe_events as se


def totals(campaign):
    return campaign_selectors.campaign_totals(campaign)


def pay(deliver, intent):
    deliver(se.event("checkout.session.completed", se.checkout_session(intent)))
    return Gift.objects.get(checkout_intent=intent)
