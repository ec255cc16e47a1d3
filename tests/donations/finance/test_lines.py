"""Storing a payout's lines (``donations.finance.lines``) from Stripe's listing."""

import pytest

from donations.finance.reconciliation import store_and_reconcile
from donations.models import BalanceTransaction, Payout, ReconciliationStatus
from donations.stripe_records import parse_balance_transaction
from tests.donations import stripe_events as se
from tests.factories.donations import GiftFactory

pytestmark = pytest.mark.django_db


def _line(source, amount, *, type_="charge", fee=0, currency="sek"):
    return parse_balance_transaction(
        se.fixture(
            "balance_transaction",
            id=se.new_id("txn"),
            amount=amount,
            fee=fee,
            net=amount - fee,
            currency=currency,
            type=type_,
            reporting_category=type_,
            source=source,
        )
    )


def _payout(stripe_id, amount, status="paid"):
    return Payout.objects.create(
        stripe_payout_id=stripe_id, amount_minor=amount, currency="SEK", status=status
    )


def test_a_returned_payout_comes_back_as_two_matched_lines_that_cancel_out():
    gift = GiftFactory(amount_minor=25000, stripe_charge_id="ch_1")
    _payout("po_failed", 20000, status="failed")
    payout = _payout("po_next", 24445)
    lines = [
        _line({"id": "ch_1", "object": "charge"}, 25000, fee=555),
        _line("po_failed", -20000, type_="payout"),
        _line("po_failed", 20000, type_="payout_failure"),
        _line("po_next", -24445, type_="payout"),
    ]

    result = store_and_reconcile(payout, lines)

    assert result.status == ReconciliationStatus.BALANCED
    assert BalanceTransaction.objects.filter(matched=True).count() == 4
    assert BalanceTransaction.objects.get(type="charge").gift == gift
    gift.refresh_from_db()
    assert (gift.settlement_amount_minor, gift.fee_minor, gift.settlement_currency) == (
        25000,
        555,
        "SEK",
    )


def test_lines_we_do_not_know_are_flagged_and_stored_again_without_duplicates():
    payout = _payout("po_1", 25000 - 555 + 700)
    lines = [
        _line({"id": "ch_unknown", "object": "charge"}, 25000, fee=555),
        _line("re_unknown", -300, type_="refund"),
        _line({"id": "dp_unknown", "object": "dispute"}, 1000, type_="adjustment"),
        _line("ch_elsewhere", 5, currency="eur"),
    ]

    first = store_and_reconcile(payout, lines)
    again = store_and_reconcile(payout, lines)

    assert first.unmatched and len(again.unmatched) == 4
    assert BalanceTransaction.objects.count() == 4
    assert again.difference_minor == 5  # the stray EUR line is counted, never dropped
    payout.refresh_from_db()
    assert (payout.reconciliation_status, payout.unmatched_line_count) == ("unbalanced", 4)
