"""Money returned: refunds net out of gifts and totals (``donations.ledger.refunds``)."""

import pytest

from donations.models import Gift, GiftStatus, Refund, WebhookEvent
from donations.webhooks import dispatch
from tests.donations import stripe_events as se
from tests.donations.helpers import totals
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def _paid_gift(deliver, amount=25000):
    intent = CheckoutIntentFactory(amount_minor=amount)
    deliver(
        se.event("checkout.session.completed", se.checkout_session(intent, payment_intent="pi_r"))
    )
    return Gift.objects.get()


@pytest.mark.parametrize("later_by", [0, 1, 60])
def test_a_smaller_charge_snapshot_sent_later_never_lowers_the_refund(deliver, later_by):
    """Between refund failures a charge's amount refunded only grows: a snapshot saying
    less counts for nothing, whether it was sent in the same second or later."""
    gift = _paid_gift(deliver)
    full = se.charge(payment_intent="pi_r", amount=25000, amount_refunded=25000)
    partial = se.charge(payment_intent="pi_r", amount=25000, amount_refunded=5000)
    deliver(se.event("charge.refunded", full, created=1_800_000_000))
    deliver(se.event("charge.refunded", partial, created=1_800_000_000 + later_by))

    gift.refresh_from_db()
    assert (gift.status, gift.refunded_minor) == (GiftStatus.REFUNDED, 25000)
    assert totals(gift.campaign).raised_minor == 0


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


def test_a_gift_lost_to_a_dispute_cannot_become_paid_again():
    from donations.models import InvalidGiftTransition

    gift = Gift(status=GiftStatus.DISPUTE_LOST)
    with pytest.raises(InvalidGiftTransition):
        gift.move_to(GiftStatus.PAID)
    with pytest.raises(InvalidGiftTransition):
        Gift(status=GiftStatus.PAID).move_to(GiftStatus.PAID)
