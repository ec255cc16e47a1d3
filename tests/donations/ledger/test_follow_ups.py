"""Work queued after a gift, and its recovery after a lost task
(``donations.ledger.follow_ups``)."""

import pytest

from donations import tasks
from donations.ledger import follow_ups
from tests.donations.helpers import pay
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def test_lost_receipt_and_fee_tasks_are_queued_again_later(
    deliver, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    queued = []
    with monkeypatch.context() as patched:
        patched.setattr(tasks.send_receipt, "delay", queued.append)
        patched.setattr(tasks.attach_payment_details, "delay", queued.append)
        gift = pay(deliver, CheckoutIntentFactory())
    assert queued == [gift.pk, gift.pk]  # both lost: the broker "dropped" them
    assert gift.receipt_sent_at is None and gift.fee_minor is None

    assert follow_ups.requeue_lost_follow_ups(now=gift.paid_at) == 0  # still in grace
    later = gift.paid_at + follow_ups.FOLLOW_UP_GRACE
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_ups.requeue_lost_follow_ups(now=later) == 2
    gift.refresh_from_db()
    assert gift.receipt_sent_at is not None and len(mailoutbox) == 1
    assert follow_ups.requeue_lost_follow_ups(now=later) == 1  # the emulator knows no fee
