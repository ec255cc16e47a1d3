"""Processing stored events (``donations.webhooks.dispatch``): coalesced dispatches, retries,
replays and the sweeper."""

from datetime import timedelta

import pytest
from django.utils import timezone

from donations import tasks
from donations.models import Gift, WebhookDispatch, WebhookEvent
from donations.webhooks import dispatch
from tests.donations import stripe_events as se
from tests.donations.helpers import totals
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def completed_checkout_event():
    return se.event("checkout.session.completed", se.checkout_session(CheckoutIntentFactory()))


@pytest.fixture
def dispatches(monkeypatch):
    """Count the dispatch tasks the webhook queues, without running them."""
    queued = []
    monkeypatch.setattr(tasks.dispatch_webhook_events, "delay", lambda: queued.append(1))
    return queued


def dispatch_requested() -> bool:
    return WebhookDispatch.objects.filter(requested_at__isnull=False).exists()


# --- Coalesced dispatches ------------------------------------------------------


def test_a_burst_of_events_queues_one_dispatch_that_processes_them_all(deliver, dispatches):
    for _ in range(3):
        assert deliver(completed_checkout_event()).status_code == 200
    assert len(dispatches) == 1 and dispatch_requested()
    assert not Gift.objects.exists()

    assert dispatch.dispatch_webhook_events() == 3
    assert Gift.objects.count() == 3
    assert not dispatch_requested()

    deliver(completed_checkout_event())
    assert len(dispatches) == 2


def test_an_event_stored_while_the_dispatcher_runs_queues_the_next_dispatch(
    deliver, dispatches, monkeypatch
):
    deliver(completed_checkout_event())
    late = completed_checkout_event()
    process = dispatch.process_webhook_event

    def process_and_receive_a_late_event(event_pk, **options):
        process(event_pk, **options)
        if not WebhookEvent.objects.filter(stripe_event_id=late["id"]).exists():
            deliver(late)

    monkeypatch.setattr(dispatch, "process_webhook_event", process_and_receive_a_late_event)
    dispatch.dispatch_webhook_events()

    assert len(dispatches) == 2  # the late event was not left for the sweeper
    assert Gift.objects.count() == 2


def test_a_dispatch_request_older_than_a_minute_is_taken_for_lost(deliver, dispatches):
    deliver(completed_checkout_event())
    WebhookDispatch.objects.update(
        requested_at=timezone.now() - dispatch.DISPATCH_REQUEST_LOST_AFTER - timedelta(seconds=1)
    )
    deliver(completed_checkout_event())
    assert len(dispatches) == 2


def test_ignored_and_duplicate_events_queue_no_dispatch(deliver, dispatches):
    evt = completed_checkout_event()
    deliver(evt)
    dispatch.dispatch_webhook_events()
    deliver(evt)
    deliver(se.event("product.created", se.fixture("product")))
    assert len(dispatches) == 1


# --- The sweeper, retries and replays -------------------------------------------


def test_a_broker_outage_still_acknowledges_and_the_sweeper_queues_it_later(
    deliver, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down():
        raise ConnectionError("broker unreachable")

    with monkeypatch.context() as patched:
        patched.setattr(tasks.dispatch_webhook_events, "delay", broker_down)
        response = deliver(completed_checkout_event())

    assert response.status_code == 200
    event = WebhookEvent.objects.get()
    assert event.status == WebhookEvent.Status.PENDING
    assert not Gift.objects.exists()
    assert not dispatch_requested()  # released: the next event tries the broker again
    later = event.received_at + dispatch.LOST_ENQUEUE_AFTER
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch.retry_due_webhook_events(now=later) == 1
    assert Gift.objects.count() == 1


def test_failed_events_are_queued_again_once_their_back_off_passes(
    deliver, django_capture_on_commit_callbacks
):
    deliver(
        se.event(
            "charge.refunded", se.charge(payment_intent="pi_none", amount=100, amount_refunded=100)
        )
    )
    event = WebhookEvent.objects.get()
    assert dispatch.retry_due_webhook_events() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch.retry_due_webhook_events(now=event.next_attempt_at) == 1
    event.refresh_from_db()
    assert event.attempts == 2
    assert event.status == WebhookEvent.Status.FAILED


def test_replaying_a_processed_event_changes_nothing(deliver):
    intent = CheckoutIntentFactory()
    deliver(se.event("checkout.session.completed", se.checkout_session(intent)))
    event = WebhookEvent.objects.get()
    dispatch.replay_webhook_event(event)
    dispatch.process_webhook_event(event.pk)
    assert Gift.objects.count() == 1
    assert totals(intent.campaign).raised_minor == intent.amount_minor
