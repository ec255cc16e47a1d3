"""Correctly signed webhook bodies of any shape (issue 6, finding 4): each is refused
(400) or stored (200), never a server error, and none stops later events."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from donations import tasks
from donations.models import Gift, WebhookEvent
from donations.webhooks import dispatch
from tests.donations import stripe_events as se
from tests.donations.strategies import CI_PROFILE, encode, event_bodies, json_values
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def post_signed(client, payload: bytes):
    return client.post(
        "/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=se.signature_header(payload),
    )


def paid_checkout_records_its_gift(deliver):
    intent = CheckoutIntentFactory()
    evt = se.event(
        "checkout.session.completed", se.checkout_session(intent, payment_intent="pi_after")
    )
    assert deliver(evt).status_code == 200
    assert Gift.objects.get(checkout_intent=intent).stripe_payment_intent_id == "pi_after"
    assert WebhookEvent.objects.get(stripe_event_id=evt["id"]).status == (
        WebhookEvent.Status.PROCESSED
    )


@pytest.mark.parametrize("event_id", ["e" * 65, "evt_\x00", "\x00", "evt_1\x00abc"])
def test_a_signed_event_with_an_id_too_long_or_with_nul_is_refused(deliver, event_id):
    intent = CheckoutIntentFactory()
    evt = se.event("checkout.session.completed", se.checkout_session(intent), id=event_id)
    response = deliver(evt)
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert not Gift.objects.exists()


def test_an_event_id_of_64_characters_is_taken(deliver):
    intent = CheckoutIntentFactory()
    evt = se.event("checkout.session.completed", se.checkout_session(intent), id="e" * 64)
    assert deliver(evt).status_code == 200
    assert WebhookEvent.objects.get().stripe_event_id == "e" * 64
    assert Gift.objects.count() == 1


def test_no_signed_body_is_a_server_error(client, deliver, django_capture_on_commit_callbacks):
    """Each body is posted and everything it queues runs at once (Celery is eager); after
    them all, a paid checkout is recorded as usual."""
    known = CheckoutIntentFactory(amount_minor=10000)
    statuses = set()

    @settings(CI_PROFILE, max_examples=150)
    @given(
        body=event_bodies(references=(str(known.pk),)) | json_values,
        ascii_only=st.booleans(),
    )
    def deliver_any(body, ascii_only):
        payload = encode(body, ascii_only=ascii_only)
        with django_capture_on_commit_callbacks(execute=True):
            response = post_signed(client, payload)
        assert response.status_code in (200, 400), payload[:300]
        statuses.add(response.status_code)
        assert not WebhookEvent.objects.filter(status=WebhookEvent.Status.PENDING).exists()

    deliver_any()

    assert statuses == {200, 400}
    paid_checkout_records_its_gift(deliver)


def test_events_of_any_shape_waiting_in_line_never_stop_a_payment(client, deliver, monkeypatch):
    """Events pile up pending (no worker runs), oldest first: one dispatch then takes
    every one of them, and a paid checkout received last is still recorded."""
    known = CheckoutIntentFactory(amount_minor=10000)
    monkeypatch.setattr(tasks.dispatch_webhook_events, "delay", lambda: None)

    @settings(CI_PROFILE, max_examples=100)
    @given(body=event_bodies(references=(str(known.pk),)))
    def store_any(body):
        assert post_signed(client, encode(body)).status_code in (200, 400)

    store_any()
    pending = WebhookEvent.objects.filter(status=WebhookEvent.Status.PENDING)
    assert pending.count() > 10

    intent = CheckoutIntentFactory()
    evt = se.event("checkout.session.completed", se.checkout_session(intent))
    assert deliver(evt).status_code == 200
    waiting = pending.count()
    assert dispatch.dispatch_webhook_events() == waiting
    assert not pending.exists()
    assert Gift.objects.filter(checkout_intent=intent).count() == 1
    assert WebhookEvent.objects.get(stripe_event_id=evt["id"]).status == (
        WebhookEvent.Status.PROCESSED
    )
