"""Dispute and payout events processed by two workers at the same moment: one row each,
the gift's standing and the totals right (PostgreSQL only, like the other races)."""

from unittest import mock

from donations.models import Dispute, Gift, GiftStatus, Payout, WebhookEvent
from donations.totals import recompute_totals
from donations.webhooks import dispatch
from tests.donations import stripe_events as se
from tests.donations.webhooks.test_concurrency import pytestmark, run_at_once, stored
from tests.factories.donations import CheckoutIntentFactory

__all__ = ["pytestmark"]


def _processed_at_once(events):
    rows = [stored(evt) for evt in events]
    run_at_once(*[lambda pk=row.pk: dispatch.process_webhook_event(pk) for row in rows])
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {"processed"}


def test_two_snapshots_of_a_new_dispute_at_once():
    intent = CheckoutIntentFactory(amount_minor=25000)
    session = se.checkout_session(intent, payment_intent="pi_race")
    _processed_at_once([se.event("checkout.session.completed", session)])
    snapshot = {"dispute_id": "dp_race", "payment_intent": "pi_race", "amount": 25000}
    _processed_at_once(
        [
            se.event("charge.dispute.created", se.dispute(**snapshot)),
            se.event("charge.dispute.funds_withdrawn", se.dispute(**snapshot, withdrawn=True)),
        ]
    )

    dispute = Dispute.objects.get()
    gift = Gift.objects.get()
    assert (dispute.funds_withdrawn_minor, gift.disputed_minor) == (25000, 25000)
    assert gift.status == GiftStatus.DISPUTED
    assert recompute_totals(fix=False) == []


def test_payout_created_and_paid_at_once():
    payout = {"payout_id": "po_race", "amount": 5000}
    with mock.patch("donations.tasks.reconciliation.fetch_and_reconcile") as fetch:
        _processed_at_once(
            [
                se.event("payout.created", se.payout(**payout, status="pending")),
                se.event("payout.paid", se.payout(**payout, status="paid")),
            ]
        )
    assert Payout.objects.get().status == "paid"
    assert fetch.call_count == 1
