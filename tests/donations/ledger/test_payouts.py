"""Payouts (``donations.ledger.payouts``): one row per payout whose status only moves
forward; paid fetches the lines once, whatever order and however often events come."""

import itertools
from unittest import mock

import pytest

from donations.models import Payout
from tests.donations import stripe_events as se

pytestmark = pytest.mark.django_db

PAYOUT = "po_test_1"


def _event(event_type, status, **fields):
    return se.event(event_type, se.payout(payout_id=PAYOUT, amount=13595, status=status, **fields))


@pytest.fixture
def fetched():
    with mock.patch("donations.tasks.reconciliation.fetch_and_reconcile") as fetch:
        yield fetch


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_created_and_paid_twice_in_any_order_end_paid_and_fetch_once(deliver, fetched, order):
    events = [
        _event("payout.created", "pending"),
        _event("payout.updated", "in_transit"),
        _event("payout.paid", "paid"),
    ]
    for index in order:
        deliver(events[index])
        deliver(events[index])
    payout = Payout.objects.get()
    assert (payout.status, payout.amount_minor, payout.currency) == ("paid", 13595, "SEK")
    assert payout.arrival_date is not None
    assert fetched.call_count == 1
    assert fetched.call_args.args[0].pk == payout.pk


def test_a_late_created_after_paid_changes_nothing(deliver, fetched):
    deliver(_event("payout.paid", "paid"))
    before = Payout.objects.values().get()
    deliver(_event("payout.created", "pending", arrival_date=1))
    assert Payout.objects.values().get() == before


def test_a_paid_payout_can_still_fail_but_a_failed_one_is_never_paid_again(deliver, fetched):
    deliver(_event("payout.paid", "paid"))
    failed = _event(
        "payout.failed", "failed", failure_code="account_closed", failure_message="Closed"
    )
    deliver(failed)
    deliver(_event("payout.paid", "paid"))
    deliver(_event("payout.canceled", "canceled"))
    payout = Payout.objects.get()
    assert (payout.status, payout.failure_code, payout.failure_message) == (
        "failed",
        "account_closed",
        "Closed",
    )
    assert fetched.call_count == 1


def test_a_malformed_payout_changes_nothing(deliver, fetched):
    broken = se.payout(payout_id=PAYOUT, amount=-5, status="paid")
    deliver(se.event("payout.paid", broken))
    assert not Payout.objects.exists()
    assert not fetched.called
