"""Disputes (``donations.ledger.disputes``): one row per dispute, the gift disputed, the
totals net out what is withdrawn and take back what is reinstated, finance staff told
once; every event delivered twice and in any order ends in the same state."""

import itertools

import pytest
from django.core import mail

from donations.models import Dispute, Gift, GiftStatus, WebhookEvent
from donations.totals import recompute_totals
from tests.donations import stripe_events as se
from tests.donations.helpers import totals
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db

DISPUTE = "dp_test_1"


@pytest.fixture(autouse=True)
def _finance_email(settings):
    settings.FINANCE_EMAIL = "finance@example.org"


def _paid_gift(deliver, amount=25000):
    intent = CheckoutIntentFactory(amount_minor=amount)
    deliver(
        se.event("checkout.session.completed", se.checkout_session(intent, payment_intent="pi_d"))
    )
    return Gift.objects.get()


def _snapshot(status="needs_response", **funds):
    return se.dispute(
        dispute_id=DISPUTE, payment_intent="pi_d", amount=25000, status=status, **funds
    )


def _lifecycle(outcome):
    """The events Stripe sends for a chargeback that ends ``won`` or ``lost``."""
    events = [
        se.event("charge.dispute.created", _snapshot()),
        se.event("charge.dispute.funds_withdrawn", _snapshot(withdrawn=True)),
        se.event("charge.dispute.updated", _snapshot("under_review", withdrawn=True)),
    ]
    if outcome == "won":
        events.append(
            se.event(
                "charge.dispute.funds_reinstated",
                _snapshot("under_review", withdrawn=True, reinstated=True),
            )
        )
    events.append(
        se.event(
            "charge.dispute.closed",
            _snapshot(outcome, withdrawn=True, reinstated=outcome == "won"),
        )
    )
    return events


def _finance_mail():
    return [message for message in mail.outbox if message.to == ["finance@example.org"]]


def _assert_consistent(gift):
    assert recompute_totals(fix=False) == []
    assert totals(gift.campaign).raised_minor == gift.net_amount_minor


def test_an_open_dispute_marks_the_gift_and_nets_out_the_withdrawn_amount(deliver):
    gift = _paid_gift(deliver)
    deliver(se.event("charge.dispute.created", _snapshot()))
    gift.refresh_from_db()
    assert (gift.status, gift.disputed_minor) == (GiftStatus.DISPUTED, 0)
    assert totals(gift.campaign).raised_minor == 25000

    deliver(se.event("charge.dispute.funds_withdrawn", _snapshot(withdrawn=True)))
    gift.refresh_from_db()
    dispute = Dispute.objects.get()
    assert (dispute.gift, dispute.status, dispute.amount_minor) == (gift, "needs_response", 25000)
    assert (dispute.funds_withdrawn_minor, dispute.fee_minor, dispute.fee_currency) == (
        25000,
        20000,
        "SEK",
    )
    assert dispute.evidence_due_by is not None
    assert (gift.status, gift.disputed_minor) == (GiftStatus.DISPUTED, 25000)
    assert totals(gift.campaign).raised_minor == 0
    _assert_consistent(gift)


def test_a_fully_withheld_gift_stops_counting_as_a_gift_and_a_donor_until_reinstated(deliver):
    gift = _paid_gift(deliver)
    events = _lifecycle("won")

    for evt in events[:3]:
        deliver(evt)
    counted = totals(gift.campaign)
    assert (counted.raised_minor, counted.gift_count, counted.donor_count) == (0, 0, 0)
    assert recompute_totals(fix=False) == []

    for evt in events[3:]:
        deliver(evt)
    counted = totals(gift.campaign)
    assert (counted.raised_minor, counted.gift_count, counted.donor_count) == (25000, 1, 1)
    assert recompute_totals(fix=False) == []


def test_a_donor_with_another_gift_still_counts_while_one_is_withheld(deliver):
    gift = _paid_gift(deliver)
    second = CheckoutIntentFactory(amount_minor=10000, donor=gift.donor, campaign=gift.campaign)
    deliver(
        se.event("checkout.session.completed", se.checkout_session(second, payment_intent="pi_2"))
    )

    deliver(se.event("charge.dispute.funds_withdrawn", _snapshot(withdrawn=True)))

    counted = totals(gift.campaign)
    assert (counted.raised_minor, counted.gift_count, counted.donor_count) == (10000, 1, 1)
    assert recompute_totals(fix=False) == []


@pytest.mark.parametrize("outcome", ["won", "lost"])
def test_the_lifecycle_in_order(deliver, outcome):
    gift = _paid_gift(deliver)
    for evt in _lifecycle(outcome):
        deliver(evt)
    gift.refresh_from_db()
    dispute = Dispute.objects.get()
    assert dispute.status == outcome
    assert dispute.closed_at is not None
    if outcome == "won":
        assert (gift.status, gift.disputed_minor) == (GiftStatus.PAID, 0)
        assert totals(gift.campaign).raised_minor == 25000
    else:
        assert (gift.status, gift.disputed_minor) == (GiftStatus.DISPUTE_LOST, 25000)
        assert totals(gift.campaign).raised_minor == 0
    assert dispute.fee_minor == 20000
    _assert_consistent(gift)


@pytest.mark.parametrize(
    ("outcome", "order"),
    [
        (outcome, order)
        for outcome in ("won", "lost")
        for order in itertools.islice(
            itertools.permutations(range(4 + (outcome == "won"))), 0, None, 7
        )
    ],
)
def test_every_event_twice_in_any_order_ends_in_the_same_state(deliver, outcome, order):
    gift = _paid_gift(deliver)
    events = _lifecycle(outcome)
    for index in order:
        deliver(events[index])
        deliver(events[index])
    gift.refresh_from_db()
    dispute = Dispute.objects.get()
    assert dispute.status == outcome
    assert dispute.funds_withdrawn_minor == 25000
    assert dispute.funds_reinstated_minor == (25000 if outcome == "won" else 0)
    assert dispute.fee_minor == 20000
    expected = (GiftStatus.PAID, 0) if outcome == "won" else (GiftStatus.DISPUTE_LOST, 25000)
    assert (gift.status, gift.disputed_minor) == expected
    _assert_consistent(gift)


def test_closed_before_created_stays_closed(deliver):
    gift = _paid_gift(deliver)
    deliver(se.event("charge.dispute.closed", _snapshot("lost", withdrawn=True)))
    deliver(se.event("charge.dispute.created", _snapshot()))
    deliver(se.event("charge.dispute.updated", _snapshot("under_review", withdrawn=True)))
    gift.refresh_from_db()
    assert Dispute.objects.get().status == "lost"
    assert gift.status == GiftStatus.DISPUTE_LOST
    assert _finance_mail() == []  # it was never open here: nothing to answer
    _assert_consistent(gift)


def test_finance_staff_are_emailed_once_with_the_deadline_and_a_dashboard_link(deliver):
    gift = _paid_gift(deliver)
    deliver(se.event("charge.dispute.created", _snapshot()))
    deliver(se.event("charge.dispute.created", _snapshot()))
    deliver(se.event("charge.dispute.funds_withdrawn", _snapshot(withdrawn=True)))
    [message] = _finance_mail()
    assert message.to == ["finance@example.org"]
    assert gift.receipt_reference in message.subject
    assert "250" in message.subject
    assert f"https://dashboard.stripe.com/test/disputes/{DISPUTE}" in message.body
    assert "2024" in message.body  # the fixture's evidence deadline (2024-08-14)
    assert Dispute.objects.get().finance_notified_at is not None


def test_a_live_dispute_links_to_the_live_dashboard(deliver):
    _paid_gift(deliver)
    live = se.dispute(dispute_id=DISPUTE, payment_intent="pi_d", amount=25000, livemode=True)
    deliver(se.event("charge.dispute.created", live))
    assert f"https://dashboard.stripe.com/disputes/{DISPUTE}" in _finance_mail()[0].body


def test_no_finance_email_setting_sends_nothing(deliver, settings):
    settings.FINANCE_EMAIL = ""
    _paid_gift(deliver)
    deliver(se.event("charge.dispute.created", _snapshot()))
    assert all("dispute" not in message.subject.lower() for message in mail.outbox)
    assert Dispute.objects.get().finance_notified_at is None


def test_a_partial_dispute_after_a_partial_refund(deliver):
    gift = _paid_gift(deliver)
    deliver(
        se.event(
            "charge.refunded", se.charge(payment_intent="pi_d", amount=25000, amount_refunded=5000)
        )
    )
    partial = se.dispute(dispute_id=DISPUTE, payment_intent="pi_d", amount=20000, withdrawn=True)
    deliver(se.event("charge.dispute.funds_withdrawn", partial))
    gift.refresh_from_db()
    assert (gift.status, gift.refunded_minor, gift.disputed_minor) == (
        GiftStatus.DISPUTED,
        5000,
        20000,
    )
    assert gift.net_amount_minor == 0
    _assert_consistent(gift)


def test_a_refund_reported_after_the_dispute_never_counts_money_twice(deliver):
    """The donor's bank took back the whole gift, and a refund of 5 000 made before the
    dispute is reported late: the gift counts for nothing, never less."""
    gift = _paid_gift(deliver)
    deliver(se.event("charge.dispute.funds_withdrawn", _snapshot(withdrawn=True)))
    deliver(
        se.event(
            "charge.refunded", se.charge(payment_intent="pi_d", amount=25000, amount_refunded=5000)
        )
    )
    gift.refresh_from_db()
    assert (gift.refunded_minor, gift.disputed_minor, gift.net_amount_minor) == (5000, 20000, 0)
    assert gift.status == GiftStatus.DISPUTED
    _assert_consistent(gift)


def test_an_inquiry_moves_no_money_and_closing_it_restores_the_gift(deliver):
    gift = _paid_gift(deliver)
    deliver(se.event("charge.dispute.created", _snapshot("warning_needs_response")))
    gift.refresh_from_db()
    assert (gift.status, gift.disputed_minor) == (GiftStatus.DISPUTED, 0)
    deliver(se.event("charge.dispute.closed", _snapshot("warning_closed")))
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PAID
    _assert_consistent(gift)


def test_a_dispute_before_its_gift_waits_and_a_malformed_one_is_kept_with_its_error(deliver):
    deliver(se.event("charge.dispute.created", _snapshot()))
    assert Dispute.objects.count() == 0
    assert WebhookEvent.objects.get().status != WebhookEvent.Status.PROCESSED

    broken = _snapshot()
    broken["amount"] = "lots"
    deliver(se.event("charge.dispute.updated", broken))
    assert WebhookEvent.objects.filter(last_error__icontains="amount").exists()
