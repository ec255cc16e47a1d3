"""The state of a checkout as Stripe reports it (``donations.ledger.checkouts``)."""

import pytest

from donations.models import CheckoutIntent, Gift, WebhookEvent
from tests.donations import stripe_events as se
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def test_delayed_payment_is_recorded_when_it_succeeds(deliver):
    intent = CheckoutIntentFactory()
    deliver(
        se.event(
            "checkout.session.completed",
            se.checkout_session(intent, payment_status="unpaid", payment_intent="pi_slow"),
        )
    )
    intent.refresh_from_db()
    assert intent.status == CheckoutIntent.Status.PROCESSING
    assert not Gift.objects.exists()

    deliver(
        se.event(
            "checkout.session.async_payment_succeeded",
            se.checkout_session(intent, payment_intent="pi_slow"),
        )
    )
    intent.refresh_from_db()
    assert intent.status == CheckoutIntent.Status.COMPLETED
    assert Gift.objects.get().stripe_payment_intent_id == "pi_slow"


def test_delayed_payment_that_fails_creates_no_gift(deliver):
    intent = CheckoutIntentFactory()
    session = se.checkout_session(intent, payment_status="unpaid")
    deliver(se.event("checkout.session.completed", session))
    deliver(se.event("checkout.session.async_payment_failed", session))
    intent.refresh_from_db()
    assert intent.status == CheckoutIntent.Status.FAILED
    assert not Gift.objects.exists()


def test_expired_session_marks_the_checkout_expired(deliver):
    intent = CheckoutIntentFactory()
    deliver(
        se.event("checkout.session.expired", se.checkout_session(intent, payment_status="unpaid"))
    )
    intent.refresh_from_db()
    assert intent.status == CheckoutIntent.Status.EXPIRED


def test_a_late_expiry_does_not_undo_a_completed_checkout(deliver):
    intent = CheckoutIntentFactory()
    deliver(se.event("checkout.session.completed", se.checkout_session(intent)))
    deliver(se.event("checkout.session.expired", se.checkout_session(intent)))
    intent.refresh_from_db()
    assert intent.status == CheckoutIntent.Status.COMPLETED


def test_completed_session_for_an_unknown_checkout_fails_and_is_kept(deliver):
    session = se.checkout_session(CheckoutIntentFactory.build(campaign=None, donor=None))
    deliver(se.event("checkout.session.completed", session))
    event = WebhookEvent.objects.get()
    assert event.status == WebhookEvent.Status.FAILED
    assert "no checkout intent" in event.last_error
    assert event.next_attempt_at is not None
