"""Beat retries lost tribute e-cards and past-due notices as it retries receipts (finding 8)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from donations.ledger import follow_ups
from donations.models import CheckoutIntent, RecurringPlan
from tests.donations import stripe_events as se
from tests.factories.donations import CheckoutIntentFactory, MonthlyCheckoutIntentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost_tasks(monkeypatch):
    """Every task queued after commit is dropped, as if the broker lost it."""
    from donations import tasks

    for task in (
        tasks.send_receipt,
        tasks.attach_payment_details,
        tasks.send_tribute_card,
        tasks.send_payment_failed_notice,
    ):
        monkeypatch.setattr(task, "delay", lambda *args: None)
    yield
    monkeypatch.undo()


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Beat's sweep an hour later, with what it queues run after its commit."""

    def _sweep():
        with django_capture_on_commit_callbacks(execute=True):
            return follow_ups.requeue_lost_follow_ups(timezone.now() + timedelta(hours=1))

    return _sweep


def test_a_lost_e_card_is_sent_by_the_sweep(deliver, lost_tasks, sweep, mailoutbox, monkeypatch):
    intent = CheckoutIntentFactory(
        tribute_kind="memory", tribute_name="Anna", tribute_notify_email="family@example.org"
    )
    deliver(se.event("checkout.session.completed", se.checkout_session(intent)))
    assert CheckoutIntent.objects.get().tribute_card_sent_at is None
    monkeypatch.undo()

    sweep()

    assert [mail.to for mail in mailoutbox].count(["family@example.org"]) == 1
    assert CheckoutIntent.objects.get().tribute_card_sent_at is not None
    sweep()
    assert [mail.to for mail in mailoutbox].count(["family@example.org"]) == 1


def test_a_lost_past_due_notice_is_sent_by_the_sweep(
    deliver, lost_tasks, sweep, mailoutbox, monkeypatch
):
    intent = MonthlyCheckoutIntentFactory()
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_lost")))
    failed = se.invoice(
        intent, subscription="sub_lost", status="open", billing_reason="subscription_cycle"
    )
    deliver(se.event("invoice.payment_failed", failed))
    assert RecurringPlan.objects.get().past_due_notice_sent_at is None
    monkeypatch.undo()

    sweep()

    notices = [mail for mail in mailoutbox if "/manadsgava/kort/" in mail.body]
    assert len(notices) == 1
    assert RecurringPlan.objects.get().past_due_notice_sent_at is not None
