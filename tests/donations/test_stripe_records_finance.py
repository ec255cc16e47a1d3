"""Disputes, payouts and balance transactions parsed at the edge (``stripe_records``)."""

from decimal import Decimal

import pytest

from donations.stripe_records import (
    MalformedStripeObject,
    parse_balance_transaction,
    parse_dispute,
    parse_payout,
)
from tests.donations import stripe_events as se


def test_a_dispute_knows_its_funds_and_fee_from_its_balance_transactions():
    opened = parse_dispute(se.dispute(dispute_id="dp_1", payment_intent="pi_1", amount=5000))
    assert (opened.funds_withdrawn, opened.funds_reinstated, opened.fee_minor) == (False, False, 0)
    assert (opened.charge_id, opened.currency, opened.status) == (
        "ch_for_pi_1",
        "SEK",
        "needs_response",
    )
    assert opened.evidence_due_by is not None

    won = parse_dispute(
        se.dispute(
            dispute_id="dp_1", payment_intent="pi_1", amount=5000, withdrawn=True, reinstated=True
        )
    )
    assert (won.funds_withdrawn, won.funds_reinstated) == (True, True)
    assert (won.fee_minor, won.fee_currency) == (20000, "SEK")


@pytest.mark.parametrize(
    "change",
    [{"amount": -1}, {"amount": 1.5}, {"charge": None}, {"currency": None}, {"id": "dp x"}],
)
def test_a_malformed_dispute_is_refused(change):
    dispute = se.dispute(dispute_id="dp_1", payment_intent="pi_1", amount=5000)
    dispute.update(change)
    with pytest.raises(MalformedStripeObject):
        parse_dispute(dispute)


def test_a_payout():
    payout = parse_payout(
        se.payout(payout_id="po_1", amount=13595, status="paid", arrival_date=1764028800)
    )
    assert (payout.id, payout.amount_minor, payout.currency, payout.status) == (
        "po_1",
        13595,
        "SEK",
        "paid",
    )
    assert str(payout.arrival_date) == "2025-11-25"


def test_a_balance_transaction_keeps_its_signs_and_its_rate_exactly():
    txn = se.fixture(
        "balance_transaction",
        id="txn_1",
        amount=-28681,
        fee=0,
        net=-28681,
        currency="sek",
        exchange_rate=11.2475,
        type="refund",
        reporting_category="refund",
        source={"id": "re_1", "object": "refund", "charge": "ch_1", "payment_intent": "pi_1"},
    )
    line = parse_balance_transaction(txn)
    assert (line.amount_minor, line.net_minor, line.currency) == (-28681, -28681, "SEK")
    assert line.exchange_rate == Decimal("11.2475")
    assert (line.source_id, line.source_type, line.charge_id) == ("re_1", "refund", "ch_1")
    assert line.payment_intent_id == "pi_1"


@pytest.mark.parametrize("rate", [None, "nonsense", True, -1, float("nan")])
def test_an_absent_or_impossible_rate_is_none(rate):
    txn = se.fixture("balance_transaction", exchange_rate=rate)
    assert parse_balance_transaction(txn).exchange_rate is None


def test_a_charge_source_is_its_own_charge():
    txn = se.fixture(
        "balance_transaction", source={"id": "ch_9", "object": "charge", "payment_intent": "pi_9"}
    )
    line = parse_balance_transaction(txn)
    assert (line.charge_id, line.payment_intent_id) == ("ch_9", "pi_9")
    unexpanded = parse_balance_transaction(se.fixture("balance_transaction", source="ch_9"))
    assert (unexpanded.source_id, unexpanded.charge_id) == ("ch_9", None)
