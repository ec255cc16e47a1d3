"""The webhook endpoint (``donations.webhooks.inbox``): signatures, storing each event once,
duplicates, ignored types and API versions."""

import json
import time

import pytest
import stripe

from donations import stripe_gateway
from donations.models import Gift, WebhookEvent
from tests.donations import stripe_events as se
from tests.donations.helpers import totals
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


# --- Signatures and what is refused ------------------------------------------


def test_missing_signature_is_refused(client):
    evt = se.event("checkout.session.completed", {})
    response = client.post(
        "/stripe/webhook/", data=json.dumps(evt), content_type="application/json"
    )
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_wrong_secret_is_refused(deliver):
    response = deliver(se.event("invoice.paid", {}), secret="whsec_wrong")
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_too_old_timestamp_is_refused(deliver):
    response = deliver(se.event("invoice.paid", {}), timestamp=int(time.time()) - 3600)
    assert response.status_code == 400


def test_signed_garbage_is_refused_not_a_server_error(client):
    for body in (b"not json", b"[1, 2]", b'{"no": "id"}', b"\xff\xfe"):
        response = client.post(
            "/stripe/webhook/",
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=se.signature_header(body),
        )
        assert response.status_code == 400, body
    assert not WebhookEvent.objects.exists()


def test_get_is_not_allowed(client):
    assert client.get("/stripe/webhook/").status_code == 405


# --- Storing once: types, versions, duplicates ---------------------------------


def test_unknown_event_types_are_stored_and_ignored(deliver):
    response = deliver(se.event("product.created", se.fixture("product")))
    assert response.status_code == 200
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.IGNORED


def test_events_of_another_api_version_are_flagged_not_processed(deliver):
    intent = CheckoutIntentFactory()
    evt = se.event(
        "checkout.session.completed", se.checkout_session(intent), api_version="2019-01-01"
    )
    assert deliver(evt).status_code == 200
    stored = WebhookEvent.objects.get()
    assert stored.status == WebhookEvent.Status.VERSION_MISMATCH
    assert not Gift.objects.exists()


def test_the_same_event_three_times_counts_once(deliver, mailoutbox):
    intent = CheckoutIntentFactory()
    evt = se.event("checkout.session.completed", se.checkout_session(intent))
    responses = [deliver(evt) for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [r.json()["duplicate"] for r in responses] == [False, True, True]
    assert Gift.objects.count() == 1
    assert totals(intent.campaign).raised_minor == intent.amount_minor
    assert len(mailoutbox) == 1


def test_the_pinned_api_version_is_the_sdk_one():
    assert stripe_gateway.pinned_api_version() == stripe.api_version
