"""The webhook endpoint and every event type, built from Stripe's example objects."""

import json
import time
from datetime import timedelta

import pytest
import stripe
from django.utils import timezone

from campaigns import selectors as campaign_selectors
from donations import stripe_gateway, tasks
from donations.models import (
    CheckoutIntent,
    Gift,
    GiftStatus,
    RecurringPlan,
    Refund,
    WebhookDispatch,
    WebhookEvent,
)
from donations.webhooks import dispatch
from tests.donations import stripe_events as se
from tests.factories.donations import CheckoutIntentFactory, MonthlyCheckoutIntentFactory

pytestmark = pytest.mark.django_db


def totals(campaign):
    return campaign_selectors.campaign_totals(campaign)


# --- The endpoint ---------------------------------------------------------------


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


# --- One-off gifts ---------------------------------------------------------------


def test_paid_checkout_records_one_gift_with_receipt_and_email(deliver, mailoutbox):
    intent = CheckoutIntentFactory(amount_minor=25000)
    deliver(
        se.event("checkout.session.completed", se.checkout_session(intent, payment_intent="pi_1"))
    )

    gift = Gift.objects.get()
    assert (gift.amount_minor, gift.currency, gift.kind) == (25000, "SEK", Gift.Kind.ONCE)
    assert gift.stripe_payment_intent_id == "pi_1"
    assert gift.campaign == intent.campaign
    assert gift.receipt_number == 1
    intent.refresh_from_db()
    assert intent.status == CheckoutIntent.Status.COMPLETED
    intent.donor.refresh_from_db()
    assert intent.donor.stripe_customer_id == f"cus_for_{intent.donor_id}"
    assert totals(intent.campaign).raised_minor == 25000
    assert totals(intent.campaign).donor_count == 1
    [email] = mailoutbox
    assert email.to == [intent.donor.email]
    assert gift.receipt_reference in email.subject
    [(_filename, content, mimetype)] = email.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.PROCESSED


def test_the_same_event_three_times_counts_once(deliver, mailoutbox):
    intent = CheckoutIntentFactory()
    evt = se.event("checkout.session.completed", se.checkout_session(intent))
    responses = [deliver(evt) for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [r.json()["duplicate"] for r in responses] == [False, True, True]
    assert Gift.objects.count() == 1
    assert totals(intent.campaign).raised_minor == intent.amount_minor
    assert len(mailoutbox) == 1


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


def test_two_events_about_the_same_payment_make_one_gift(deliver):
    intent = CheckoutIntentFactory()
    session = se.checkout_session(intent, payment_intent="pi_same")
    deliver(se.event("checkout.session.completed", session))
    deliver(se.event("checkout.session.async_payment_succeeded", session))
    assert Gift.objects.count() == 1
    assert totals(intent.campaign).gift_count == 1


def test_replaying_a_processed_event_changes_nothing(deliver):
    intent = CheckoutIntentFactory()
    deliver(se.event("checkout.session.completed", se.checkout_session(intent)))
    event = WebhookEvent.objects.get()
    dispatch.replay_webhook_event(event)
    dispatch.process_webhook_event(event.pk)
    assert Gift.objects.count() == 1
    assert totals(intent.campaign).raised_minor == intent.amount_minor


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


def test_tribute_card_is_sent_once(deliver, mailoutbox):
    intent = CheckoutIntentFactory(
        tribute_kind="memory", tribute_name="Anna Lindh", tribute_notify_email="family@example.org"
    )
    evt = se.event("checkout.session.completed", se.checkout_session(intent))
    deliver(evt)
    deliver(se.event("checkout.session.async_payment_succeeded", se.checkout_session(intent)))
    cards = [m for m in mailoutbox if m.to == ["family@example.org"]]
    assert len(cards) == 1
    assert "Anna Lindh" in cards[0].subject


# --- Monthly gifts ----------------------------------------------------------------


def test_invoice_paid_before_checkout_completed_makes_one_plan_and_one_gift(deliver):
    intent = MonthlyCheckoutIntentFactory(amount_minor=10000)
    first = se.invoice(intent, subscription="sub_1")
    deliver(se.event("invoice.paid", first))
    deliver(
        se.event("checkout.session.completed", se.checkout_session(intent, subscription="sub_1"))
    )
    deliver(se.event("invoice.paid", first))

    plan = RecurringPlan.objects.get()
    assert plan.stripe_subscription_id == "sub_1"
    assert plan.status == RecurringPlan.Status.ACTIVE
    assert plan.campaign == intent.campaign
    gift = Gift.objects.get()
    assert (gift.kind, gift.amount_minor, gift.plan, gift.opens_plan) == (
        Gift.Kind.MONTHLY,
        10000,
        plan,
        True,
    )
    intent.refresh_from_db()
    assert intent.status == CheckoutIntent.Status.COMPLETED
    assert totals(intent.campaign).raised_minor == 10000


def test_renewal_adds_an_installment_with_the_next_receipt_number(deliver, mailoutbox):
    intent = MonthlyCheckoutIntentFactory(amount_minor=10000)
    deliver(
        se.event("checkout.session.completed", se.checkout_session(intent, subscription="sub_2"))
    )
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_2")))
    deliver(
        se.event(
            "invoice.paid",
            se.invoice(intent, subscription="sub_2", billing_reason="subscription_cycle"),
        )
    )
    first, second = Gift.objects.order_by("receipt_number")
    assert (first.receipt_number, second.receipt_number) == (1, 2)
    assert second.opens_plan is False
    stats = totals(intent.campaign)
    assert (stats.raised_minor, stats.gift_count, stats.donor_count) == (20000, 2, 1)
    assert len(mailoutbox) == 2
    assert "monthly gift" in mailoutbox[1].body or "månadsgåva" in mailoutbox[1].body


def test_failed_renewal_marks_the_plan_past_due_and_emails_once(deliver, mailoutbox):
    intent = MonthlyCheckoutIntentFactory()
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_3")))
    mailoutbox.clear()
    failed = se.invoice(
        intent, subscription="sub_3", billing_reason="subscription_cycle", status="open"
    )
    deliver(se.event("invoice.payment_failed", failed))
    deliver(se.event("invoice.payment_failed", failed))

    assert RecurringPlan.objects.get().status == RecurringPlan.Status.PAST_DUE
    [notice] = mailoutbox
    assert "/manadsgava/kort/" in notice.body
    assert Gift.objects.count() == 1


def test_paying_after_past_due_makes_the_plan_active_again(deliver):
    intent = MonthlyCheckoutIntentFactory()
    now = int(time.time())
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_4"), created=now - 100))
    failed = se.invoice(
        intent, subscription="sub_4", status="open", billing_reason="subscription_cycle"
    )
    deliver(se.event("invoice.payment_failed", failed, created=now - 50))
    paid = se.invoice(intent, subscription="sub_4", billing_reason="subscription_cycle")
    deliver(se.event("invoice.paid", paid, created=now))
    assert RecurringPlan.objects.get().status == RecurringPlan.Status.ACTIVE


def test_subscription_pause_and_cancel(deliver):
    intent = MonthlyCheckoutIntentFactory()
    now = int(time.time())
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_5"), created=now - 30))
    paused = se.subscription(intent, sub_id="sub_5", pause=True)
    deliver(se.event("customer.subscription.updated", paused, created=now - 20))
    assert RecurringPlan.objects.get().status == RecurringPlan.Status.PAUSED

    cancelled = se.subscription(intent, sub_id="sub_5", status="canceled")
    deliver(se.event("customer.subscription.deleted", cancelled, created=now - 10))
    assert RecurringPlan.objects.get().status == RecurringPlan.Status.CANCELLED


def test_an_older_subscription_snapshot_never_revives_a_cancelled_plan(deliver):
    intent = MonthlyCheckoutIntentFactory()
    now = int(time.time())
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_6"), created=now - 30))
    cancelled = se.subscription(intent, sub_id="sub_6", status="canceled")
    deliver(se.event("customer.subscription.deleted", cancelled, created=now))
    stale = se.subscription(intent, sub_id="sub_6", status="active")
    deliver(se.event("customer.subscription.updated", stale, created=now - 20))
    assert RecurringPlan.objects.get().status == RecurringPlan.Status.CANCELLED


def test_subscription_update_changes_the_monthly_amount(deliver):
    intent = MonthlyCheckoutIntentFactory(amount_minor=10000)
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_7")))
    updated = se.subscription(intent, sub_id="sub_7")
    updated["items"]["data"][0]["price"]["unit_amount"] = 20000
    deliver(se.event("customer.subscription.updated", updated))
    assert RecurringPlan.objects.get().amount_minor == 20000


# --- Refunds ----------------------------------------------------------------------


def _paid_gift(deliver, amount=25000):
    intent = CheckoutIntentFactory(amount_minor=amount)
    deliver(
        se.event("checkout.session.completed", se.checkout_session(intent, payment_intent="pi_r"))
    )
    return Gift.objects.get()


def test_partial_then_full_refund_nets_out_of_the_totals(deliver):
    gift = _paid_gift(deliver)
    partial = se.charge(payment_intent="pi_r", amount=25000, amount_refunded=5000)
    deliver(se.event("charge.refunded", partial))
    gift.refresh_from_db()
    assert (gift.status, gift.refunded_minor) == (GiftStatus.PARTIALLY_REFUNDED, 5000)
    assert totals(gift.campaign).raised_minor == 20000

    full = se.charge(payment_intent="pi_r", amount=25000, amount_refunded=25000)
    deliver(se.event("charge.refunded", full))
    deliver(se.event("charge.refunded", partial))  # late, older snapshot
    gift.refresh_from_db()
    assert (gift.status, gift.refunded_minor) == (GiftStatus.REFUNDED, 25000)
    assert totals(gift.campaign).raised_minor == 0


def test_refund_rows_are_recorded_once(deliver):
    gift = _paid_gift(deliver)
    refund = se.fixture(
        "refund",
        id="re_1",
        amount=5000,
        currency="sek",
        payment_intent="pi_r",
        charge="ch_x",
        status="succeeded",
        metadata={"reason": "Donor asked"},
    )
    deliver(se.event("refund.created", refund))
    deliver(se.event("refund.updated", refund))
    row = Refund.objects.get()
    assert (row.gift, row.amount_minor, row.reason) == (gift, 5000, "Donor asked")


def test_refund_before_the_gift_is_retried_until_the_gift_exists(deliver):
    intent = CheckoutIntentFactory()
    deliver(
        se.event(
            "charge.refunded",
            se.charge(payment_intent="pi_early", amount=25000, amount_refunded=25000),
        )
    )
    early = WebhookEvent.objects.get(type="charge.refunded")
    assert early.status == WebhookEvent.Status.FAILED

    deliver(
        se.event(
            "checkout.session.completed", se.checkout_session(intent, payment_intent="pi_early")
        )
    )
    dispatch.process_webhook_event(early.pk)
    early.refresh_from_db()
    assert early.status == WebhookEvent.Status.PROCESSED
    assert Gift.objects.get().status == GiftStatus.REFUNDED
    assert totals(intent.campaign).raised_minor == 0


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


def test_a_refunded_gift_cannot_become_paid_again():
    from donations.models import InvalidGiftTransition

    gift = Gift(status=GiftStatus.REFUNDED)
    with pytest.raises(InvalidGiftTransition):
        gift.move_to(GiftStatus.PAID)
    with pytest.raises(InvalidGiftTransition):
        Gift(status=GiftStatus.PAID).move_to(GiftStatus.PAID)


def test_the_pinned_api_version_is_the_sdk_one():
    assert stripe_gateway.pinned_api_version() == stripe.api_version
