"""Receipts and e-cards lost with a worker or a broker are sent again within two minutes;
fee look-ups, which nobody waits for, keep their ten minutes."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from donations import tasks
from donations.ledger import follow_ups
from donations.models import CheckoutIntent, Gift
from tests.donations import stripe_events as se
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)


def pay(deliver, intent):
    deliver(se.event("checkout.session.completed", se.checkout_session(intent)))
    return Gift.objects.get(checkout_intent=intent)


@pytest.fixture
def lost(monkeypatch):
    """Follow-up tasks queued into a broker that loses them (a worker killed holding them);
    ``monkeypatch.undo()`` brings the worker back."""
    queued = []
    for task in (tasks.send_receipt, tasks.attach_payment_details, tasks.send_tribute_card):
        monkeypatch.setattr(task, "delay", lambda key, task=task: queued.append((task.name, key)))
    return queued


@pytest.fixture
def sweep_emails(django_capture_on_commit_callbacks):
    """Beat's email sweep at a given time, running what it queues."""

    def sweep(now):
        with django_capture_on_commit_callbacks(execute=True):
            return follow_ups.requeue_lost_emails(now=now)

    return sweep


def test_a_lost_receipt_is_queued_again_a_minute_after_the_gift(
    deliver, monkeypatch, lost, sweep_emails, mailoutbox
):
    gift = pay(deliver, CheckoutIntentFactory())
    assert gift.receipt_sent_at is None
    monkeypatch.undo()

    assert sweep_emails(gift.paid_at + MINUTE - timedelta(seconds=1)) == 0
    assert sweep_emails(gift.paid_at + MINUTE) == 1

    gift.refresh_from_db()
    assert gift.receipt_sent_at is not None
    assert len(mailoutbox) == 1
    assert sweep_emails(gift.paid_at + MINUTE) == 0


def test_a_lost_tribute_card_is_queued_again_a_minute_after_the_gift(
    deliver, monkeypatch, lost, sweep_emails, mailoutbox
):
    intent = CheckoutIntentFactory(
        tribute_kind="memory", tribute_name="Anna", tribute_notify_email="family@example.org"
    )
    gift = pay(deliver, intent)
    monkeypatch.undo()

    sweep_emails(gift.paid_at + MINUTE)

    assert CheckoutIntent.objects.get().tribute_card_sent_at is not None
    assert any(email.to == ["family@example.org"] for email in mailoutbox)


def test_the_email_sweep_leaves_fee_look_ups_to_their_ten_minutes(deliver, lost, sweep_emails):
    gift = pay(deliver, CheckoutIntentFactory())
    lost.clear()

    sweep_emails(gift.paid_at + 5 * MINUTE)

    assert lost == [(tasks.send_receipt.name, gift.pk)]


def test_beat_sends_a_lost_receipt_within_two_minutes():
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "donations.tasks.requeue_lost_donor_emails"
    ]
    assert entry["schedule"] <= 60
    assert follow_ups.EMAIL_GRACE.total_seconds() + entry["schedule"] <= 120


def test_beats_email_job_sends_receipts_unsent_for_a_minute(
    deliver, monkeypatch, lost, django_capture_on_commit_callbacks, mailoutbox
):
    gift = pay(deliver, CheckoutIntentFactory())
    monkeypatch.undo()
    Gift.objects.filter(pk=gift.pk).update(paid_at=timezone.now() - MINUTE)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_lost_donor_emails() == 1

    assert len(mailoutbox) == 1


def test_a_mail_server_that_is_down_gets_one_attempt_per_sweep(
    deliver, monkeypatch, sweep_emails, mailoutbox
):
    attempts = []

    def mail_server_down(message, *args, **kwargs):
        attempts.append(message.subject)
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as down:
        down.setattr(EmailMessage, "send", mail_server_down)
        gift = pay(deliver, CheckoutIntentFactory())
        gift.refresh_from_db()
        assert gift.receipt_sent_at is None  # released for the next sweep
        # No retries of its own, which would pile up on beat's every sweep.
        assert tasks.send_receipt.apply((gift.pk,), throw=False).state == "FAILURE"

        sweep_emails(gift.paid_at + MINUTE)
        assert len(attempts) == 3

    sweep_emails(gift.paid_at + 2 * MINUTE)
    gift.refresh_from_db()
    assert gift.receipt_sent_at is not None and len(mailoutbox) == 1
