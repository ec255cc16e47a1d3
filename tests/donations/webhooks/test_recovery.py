"""Recovery of events whose dispatch was lost (a killed worker, a broker outage), and of
events that arrived before what they refer to."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from donations import stripe_gateway, tasks
from donations.models import Gift, GiftStatus, WebhookDispatch, WebhookEvent
from donations.webhooks import dispatch, handlers
from tests.donations import stripe_events as se
from tests.factories.donations import CheckoutIntentFactory, MonthlyCheckoutIntentFactory

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)


@pytest.fixture
def dispatches(monkeypatch):
    """Count the dispatch tasks queued, without running them (the worker is gone)."""
    queued = []
    monkeypatch.setattr(tasks.dispatch_webhook_events, "delay", lambda: queued.append(1))
    return queued


def completed_checkout_event(intent=None, **session):
    intent = intent or CheckoutIntentFactory()
    return se.event("checkout.session.completed", se.checkout_session(intent, **session))


def early_refund_event(payment_intent):
    charge = se.charge(payment_intent=payment_intent, amount=25000, amount_refunded=25000)
    return se.event("charge.refunded", charge)


def sweep(now, capture):
    with capture(execute=True):
        return dispatch.retry_due_webhook_events(now=now)


# --- Stranded events -------------------------------------------------------------


def test_events_stranded_by_a_killed_dispatcher_are_dispatched_30_seconds_on(
    deliver, dispatches, django_capture_on_commit_callbacks
):
    deliver(completed_checkout_event())
    deliver(completed_checkout_event())
    # The worker took the dispatch, cleared its request and died before processing.
    WebhookDispatch.objects.update(requested_at=None)
    received = WebhookEvent.objects.latest("received_at").received_at

    assert sweep(received + 29 * SECOND, django_capture_on_commit_callbacks) == 0
    assert len(dispatches) == 1  # only the webhook's own, lost with the worker

    assert sweep(received + 30 * SECOND, django_capture_on_commit_callbacks) == 2
    assert len(dispatches) == 2
    assert dispatch.dispatch_webhook_events() == 2
    assert Gift.objects.count() == 2


def test_a_dispatch_lost_before_it_started_is_requested_again_30_seconds_on(
    deliver, dispatches, django_capture_on_commit_callbacks
):
    deliver(completed_checkout_event())
    # The worker died holding the dispatch task: its request is still set.
    half_a_minute_ago = timezone.now() - 31 * SECOND
    WebhookEvent.objects.update(received_at=half_a_minute_ago)
    WebhookDispatch.objects.update(requested_at=half_a_minute_ago)

    assert sweep(timezone.now(), django_capture_on_commit_callbacks) == 1
    assert len(dispatches) == 2


def test_stranded_events_are_dispatched_within_a_minute_of_being_stored():
    [sweep_entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "donations.tasks.retry_due_webhook_events"
    ]
    assert sweep_entry["schedule"] <= 20
    assert dispatch.LOST_ENQUEUE_AFTER.total_seconds() + sweep_entry["schedule"] < 60
    assert dispatch.DISPATCH_REQUEST_LOST_AFTER <= dispatch.LOST_ENQUEUE_AFTER


def test_the_sweep_is_two_queries_when_nothing_is_lost(
    deliver, django_assert_num_queries, django_capture_on_commit_callbacks
):
    deliver(completed_checkout_event())
    with django_assert_num_queries(2):
        assert sweep(timezone.now() + timedelta(hours=1), django_capture_on_commit_callbacks) == 0


def test_due_retries_go_through_one_dispatch_however_often_beat_sweeps(
    deliver, monkeypatch, django_capture_on_commit_callbacks
):
    deliver(early_refund_event("pi_unknown"))
    event = WebhookEvent.objects.get()
    assert (event.status, event.attempts) == (WebhookEvent.Status.FAILED, 1)

    with monkeypatch.context() as busy_worker:
        queued = []
        busy_worker.setattr(tasks.dispatch_webhook_events, "delay", lambda: queued.append(1))
        busy_worker.setattr(tasks.process_webhook_event, "delay", queued.append)
        for _ in range(3):
            sweep(event.next_attempt_at, django_capture_on_commit_callbacks)
    assert queued == [1]
    event.refresh_from_db()
    assert event.status == WebhookEvent.Status.PENDING

    dispatch.dispatch_webhook_events()
    event.refresh_from_db()
    assert (event.status, event.attempts) == (WebhookEvent.Status.FAILED, 2)


# --- Events waiting for what they refer to ------------------------------------------


def test_a_refund_before_its_payment_is_processed_as_soon_as_the_payment_is(deliver):
    intent = CheckoutIntentFactory(amount_minor=25000)
    deliver(early_refund_event("pi_early"))
    refund = WebhookEvent.objects.get()
    assert refund.status == WebhookEvent.Status.FAILED

    deliver(completed_checkout_event(intent, payment_intent="pi_early"))

    refund.refresh_from_db()
    assert (refund.status, refund.attempts) == (WebhookEvent.Status.PROCESSED, 2)
    assert Gift.objects.get().status == GiftStatus.REFUNDED


def test_a_refund_of_an_installment_goes_through_once_its_charge_is_known(
    deliver, monkeypatch, django_capture_on_commit_callbacks
):
    intent = MonthlyCheckoutIntentFactory(amount_minor=25000)
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_r")))
    gift = Gift.objects.get()
    assert not gift.stripe_charge_id  # Stripe has not settled the payment yet
    deliver(early_refund_event("pi_installment"))
    refund = WebhookEvent.objects.get(type="charge.refunded")
    assert refund.status == WebhookEvent.Status.FAILED

    monkeypatch.setattr(stripe_gateway, "payment_intent_for_invoice", lambda _: "pi_installment")
    monkeypatch.setattr(
        stripe_gateway,
        "payment_details_for_payment_intent",
        lambda pi: stripe_gateway.PaymentDetails(pi, "ch_installment", "txn_1", 555),
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.attach_payment_details(gift.pk)

    refund.refresh_from_db()
    assert refund.status == WebhookEvent.Status.PROCESSED
    gift.refresh_from_db()
    assert (gift.status, gift.fee_minor) == (GiftStatus.REFUNDED, 555)


def test_an_event_failing_for_another_reason_keeps_its_back_off(deliver, monkeypatch):
    def broken(obj, at):
        raise RuntimeError("a bug")

    monkeypatch.setitem(handlers.EVENT_HANDLERS, "refund.created", broken)
    deliver(se.event("refund.created", se.fixture("refund", status="succeeded")))
    failed = WebhookEvent.objects.get()
    next_attempt_at = failed.next_attempt_at

    deliver(completed_checkout_event())

    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (WebhookEvent.Status.FAILED, 1)
    assert failed.next_attempt_at == next_attempt_at


def test_events_waiting_longer_than_stripe_retries_are_left_to_their_back_off(deliver):
    deliver(early_refund_event("pi_not_ours"))
    WebhookEvent.objects.update(received_at=timezone.now() - dispatch.WAIT_RELEASE_WINDOW - SECOND)

    deliver(completed_checkout_event())

    orphan = WebhookEvent.objects.get(type="charge.refunded")
    assert (orphan.status, orphan.attempts) == (WebhookEvent.Status.FAILED, 1)
