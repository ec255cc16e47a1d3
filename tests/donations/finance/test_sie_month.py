"""A month played through the Stripe emulator (gifts in SEK and EUR, refunds, a lost and
a won dispute, three payouts), exported as SIE and read back independently: every
voucher balances, and the clearing account ends where Stripe's balance does, at zero
once everything is paid out."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from donations.models import BalanceTransaction, Payout
from tests.donations.finance.sie_reader import export_balanced_week

pytestmark = pytest.mark.django_db


def kronor(minor):
    return Decimal(minor).scaleb(-2)


def test_a_month_through_the_emulator_books_to_the_ore(stripe_side, settings):
    today = timezone.localdate()
    settings.FINANCIAL_YEAR_START_MONTH = today.month  # the payouts arrive days later
    stripe_side.give(25000)
    eur = stripe_side.give(2550, "EUR")
    lost = stripe_side.give(50000)
    won = stripe_side.give(10000)
    stripe_side.payout()
    refunded = stripe_side.give(30000)
    stripe_side.refund(refunded, 10000)
    stripe_side.refund(eur, 1000)
    lost_dispute = stripe_side.dispute(lost)
    won_dispute = stripe_side.dispute(won)
    eur_lost = stripe_side.give(5000, "EUR")
    stripe_side.give(120000)
    stripe_side.payout()
    eur_dispute = stripe_side.dispute(eur_lost)
    stripe_side.close_dispute(eur_dispute, "lost")
    stripe_side.close_dispute(lost_dispute, "lost")
    stripe_side.close_dispute(won_dispute, "won")
    stripe_side.give(200000)
    stripe_side.payout()

    sie = export_balanced_week(today)

    totals = sie.totals()
    paid_out = Payout.objects.aggregate(total=Sum("amount_minor"))["total"]
    assert totals["1930"] == kronor(paid_out)
    assert totals["1580"] == 0  # the Stripe balance, all of it paid out
    lines = BalanceTransaction.objects.exclude(type="payout")
    fees = lines.aggregate(total=Sum("fee_minor"))["total"]
    assert totals["6570"] == kronor(fees)
    eur_withdrawn = -lines.get(dispute__stripe_dispute_id=eur_dispute).amount_minor
    # The lost disputes (the EUR one in SEK as Stripe withdrew it); the won one came back.
    assert totals["3011"] == kronor(50000 + eur_withdrawn)
    charges = lines.filter(type="charge").aggregate(total=Sum("amount_minor"))["total"]
    refunds = lines.filter(type="refund").aggregate(total=Sum("amount_minor"))["total"]
    assert totals["3010"] == -kronor(charges + refunds)
    assert len([v for v in sie.vouchers if v.text.startswith("Stripe-utbetalning")]) == 3
