"""Deliveries at the same moment: exactly one gift, one receipt number, right totals.

These need real transactions and a database that lets writers wait for each
other's row locks: PostgreSQL (CI's second pass)."""

import json
import threading

import pytest
from django.db import connection, connections

from campaigns import selectors as campaign_selectors
from donations.models import Gift, ReceiptCounter, WebhookEvent
from donations.webhooks import dispatch
from tests.donations import stripe_events as se
from tests.factories.donations import CheckoutIntentFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL (SQLite lets one writer at a time "
        "into the whole database); CI runs these in its PostgreSQL pass",
    ),
]


def run_at_once(*calls):
    """Run the calls in threads released together; re-raise the first error."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def worker(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]


def stored(evt):
    """An event stored as the endpoint stores it, not yet processed."""
    return WebhookEvent.objects.create(
        stripe_event_id=evt["id"],
        type=evt["type"],
        api_version=evt["api_version"],
        payload=json.dumps(evt),
    )


def test_the_same_event_delivered_twice_at_once(client, mailoutbox):
    intent = CheckoutIntentFactory()
    evt = se.event("checkout.session.completed", se.checkout_session(intent))
    responses = []
    run_at_once(*[lambda: responses.append(se.post_event(client, evt)) for _ in range(2)])

    assert sorted(r.status_code for r in responses) == [200, 200]
    assert WebhookEvent.objects.count() == 1
    assert Gift.objects.count() == 1
    assert Gift.objects.get().receipt_number == 1
    assert campaign_selectors.campaign_totals(intent.campaign).raised_minor == intent.amount_minor


def test_two_workers_processing_events_of_one_payment_at_once():
    intent = CheckoutIntentFactory()
    session = se.checkout_session(intent, payment_intent="pi_race")
    events = [
        stored(se.event(kind, session))
        for kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded")
    ]
    run_at_once(*[lambda pk=e.pk: dispatch.process_webhook_event(pk) for e in events])
    run_at_once(*[lambda pk=e.pk: dispatch.process_webhook_event(pk) for e in events])

    assert Gift.objects.count() == 1
    assert ReceiptCounter.objects.get().last_number == 1
    assert campaign_selectors.campaign_totals(intent.campaign).gift_count == 1
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {"processed"}


def test_receipt_numbers_stay_gapless_under_concurrent_gifts():
    intents = [CheckoutIntentFactory() for _ in range(6)]
    events = [
        stored(se.event("checkout.session.completed", se.checkout_session(i))) for i in intents
    ]
    run_at_once(*[lambda pk=e.pk: dispatch.process_webhook_event(pk) for e in events])

    numbers = sorted(Gift.objects.values_list("receipt_number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert ReceiptCounter.objects.get().last_number == 6


def test_dispatchers_running_together_process_each_event_once():
    intents = [CheckoutIntentFactory() for _ in range(12)]
    for intent in intents:
        stored(se.event("checkout.session.completed", se.checkout_session(intent)))
    taken = []
    run_at_once(*[lambda: taken.append(dispatch.dispatch_webhook_events()) for _ in range(3)])

    assert Gift.objects.count() == 12
    assert sorted(Gift.objects.values_list("receipt_number", flat=True)) == list(range(1, 13))
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {"processed"}
    assert ReceiptCounter.objects.get().last_number == 12
