"""A month of gifts, refunds, disputes and payouts played through the Stripe emulator:
every payout reconciles to the öre, every line is matched, and the kept totals agree."""

from decimal import Decimal

import pytest

from campaigns.models import FundTotal
from donations.finance import selectors
from donations.finance.reconciliation import reconcile_payout
from donations.models import BalanceTransaction, Dispute, GiftStatus, Payout, ReconciliationStatus
from donations.totals import recompute_totals

pytestmark = pytest.mark.django_db


def test_a_month_of_mixed_gifts_reconciles_exactly(stripe_side):
    first_sek = stripe_side.give(25000)
    eur = stripe_side.give(2550, "EUR")
    lost = stripe_side.give(50000)
    won = stripe_side.give(10000)
    first = stripe_side.payout()

    refunded = stripe_side.give(30000)
    stripe_side.refund(refunded, 10000)
    stripe_side.refund(eur, 1000)
    lost_dispute = stripe_side.dispute(lost)
    won_dispute = stripe_side.dispute(won)
    stripe_side.give(120000)
    second = stripe_side.payout()

    stripe_side.close_dispute(lost_dispute, "lost")
    stripe_side.close_dispute(won_dispute, "won")
    stripe_side.give(7500, "EUR")
    third = stripe_side.payout()

    payouts = Payout.objects.order_by("pk")
    assert [p.stripe_payout_id for p in payouts] == [first, second, third]
    for payout in payouts:
        assert payout.status == Payout.Status.PAID
        assert payout.reconciliation_status == ReconciliationStatus.BALANCED, payout
        assert (payout.difference_minor, payout.unmatched_line_count) == (0, 0)
        assert payout.lines_net_minor == payout.amount_minor
    assert not BalanceTransaction.objects.filter(matched=False).exists()
    assert not selectors.payouts_not_reconciled().exists()

    # The first payout: four charges less their fees, nothing else.
    lines = list(selectors.payout_lines(payouts[0]))
    charges = [line for line in lines if line.type == "charge"]
    assert {line.gift for line in charges} == {first_sek, eur, lost, won}
    assert sum(line.net_minor for line in charges) == payouts[0].amount_minor

    # The EUR gift keeps its own amount and what it became in SEK at Stripe's rate.
    eur.refresh_from_db()
    assert (eur.amount_minor, eur.currency) == (2550, "EUR")
    assert (eur.settlement_amount_minor, eur.settlement_currency) == (28681, "SEK")
    assert (eur.fee_minor, eur.exchange_rate) == (709, Decimal("11.2475"))

    # Refunds, and both disputes' withdrawal and fee, are lines of the second payout.
    second_lines = list(selectors.payout_lines(payouts[1]))
    assert {line.refund.gift for line in second_lines if line.refund} == {refunded, eur}
    withdrawals = [line for line in second_lines if line.reporting_category == "dispute"]
    assert sorted(line.dispute.stripe_dispute_id for line in withdrawals) == sorted(
        [lost_dispute, won_dispute]
    )
    assert sum(line.fee_minor for line in withdrawals) == 2 * 20000
    reinstated = [line for line in selectors.payout_lines(payouts[2]) if line.type == "adjustment"]
    assert [(line.dispute.stripe_dispute_id, line.amount_minor) for line in reinstated] == [
        (won_dispute, 10000)
    ]

    # The ledger: disputes settled, totals net of refunds and the lost dispute.
    lost.refresh_from_db()
    won.refresh_from_db()
    assert (lost.status, lost.net_amount_minor) == (GiftStatus.DISPUTE_LOST, 0)
    assert (won.status, won.net_amount_minor) == (GiftStatus.PAID, 10000)
    assert Dispute.objects.get(stripe_dispute_id=won_dispute).fee_minor == 20000
    assert recompute_totals(fix=False) == []
    fund = {row.currency: row.raised_minor for row in FundTotal.objects.all()}
    assert fund == {"SEK": 25000 + 10000 + 30000 - 10000 + 120000, "EUR": 2550 - 1000 + 7500}
    # Everything the balance received went to the bank, to the öre.
    every_line = BalanceTransaction.objects.exclude(type="payout")
    assert sum(line.net_minor for line in every_line) == sum(p.amount_minor for p in payouts)


def test_a_failed_payout_is_recorded_and_its_money_comes_with_the_next(stripe_side):
    stripe_side.give(25000)
    failed = stripe_side.payout(outcome="failed")
    row = Payout.objects.get(stripe_payout_id=failed)
    assert (row.status, row.failure_code) == (Payout.Status.FAILED, "account_closed")
    assert row.lines_fetched_at is None

    paid = stripe_side.payout()
    assert Payout.objects.get(stripe_payout_id=paid).reconciliation_status == "balanced"


def test_a_broken_payout_shows_its_difference_and_unmatched_line(stripe_side):
    gift = stripe_side.give(25000)
    stripe_side.give(10000)
    payout = Payout.objects.get(stripe_payout_id=stripe_side.payout())
    line = BalanceTransaction.objects.get(gift=gift)
    line.delete()

    result = reconcile_payout(payout)

    payout.refresh_from_db()
    assert payout.reconciliation_status == ReconciliationStatus.UNBALANCED
    assert payout.difference_minor == -line.net_minor == result.difference_minor
    assert payout.lines_net_minor == payout.amount_minor - line.net_minor
    assert list(selectors.payouts_not_reconciled()) == [payout]
