"""A refund of Stripe's 5126 card, played through the emulator from the refund form to the
books: it succeeds, fails, and the money counts for the gift again; the payout with its
``refund_failure`` line reconciles, the pages say *Failed* and the SIE file balances."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from donations.finance import refunds
from donations.finance.refunds import request_refund
from donations.models import (
    BalanceTransaction,
    GiftStatus,
    Payout,
    ReconciliationStatus,
    Refund,
    RefundRequestState,
    RefundStatus,
)
from donations.totals import recompute_totals
from tests.donations.finance.conftest import CARD_WHOSE_REFUNDS_FAIL
from tests.donations.finance.sie_reader import export_balanced_week
from tests.donations.helpers import totals
from tests.factories.accounts import FinanceStaffFactory
from tests.roles import log_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_refund(stripe_side):
    """A gift of 250 kr on the 5126 card, 100 kr of it refunded by staff, then failed."""
    gift = stripe_side.give(25000, card=CARD_WHOSE_REFUNDS_FAIL)
    request = request_refund(
        gift.pk, amount_minor=10000, reason="Donor asked", by=FinanceStaffFactory()
    )
    assert request.state == RefundRequestState.REQUESTED  # Stripe answered: succeeded
    assert [event["type"] for event in stripe_side.new_events()] == [
        "refund.created",
        "charge.refunded",
        "refund.updated",
        "refund.failed",
    ]
    stripe_side.flush()
    return gift, request


def test_the_ledger_counts_the_gift_whole_again_and_fails_the_request(failed_refund):
    gift, request = failed_refund

    request.refresh_from_db()
    assert (request.state, request.failure_reason) == (
        RefundRequestState.FAILED,
        "expired_or_canceled_card",
    )
    gift.refresh_from_db()
    assert (gift.refunded_minor, gift.status) == (0, GiftStatus.PAID)
    assert totals(gift.campaign).raised_minor == 25000
    refund = Refund.objects.get()
    assert (refund.status, refund.created_by, request.refund) == (
        RefundStatus.FAILED,
        request.requested_by,
        refund,
    )
    assert refunds.refundable_minor(gift) == 25000
    assert recompute_totals(fix=False) == []


def test_the_payout_with_the_failed_refund_reconciles_and_matches_it(stripe_side, failed_refund):
    stripe_side.payout()

    payout = Payout.objects.get()
    assert payout.reconciliation_status == ReconciliationStatus.BALANCED
    assert (payout.difference_minor, payout.unmatched_line_count) == (0, 0)
    refund = Refund.objects.get()
    lines = {line.type: line for line in BalanceTransaction.objects.exclude(type="payout")}
    assert set(lines) == {"charge", "refund", "refund_failure"}
    assert (lines["refund"].refund, lines["refund"].amount_minor) == (refund, -10000)
    assert (lines["refund_failure"].refund, lines["refund_failure"].amount_minor) == (
        refund,
        10000,
    )
    assert lines["refund_failure"].matched


def test_the_finance_pages_say_the_refund_failed(client, failed_refund):
    gift, _request = failed_refund
    log_in_as(client, "finance")
    day = timezone.localdate()

    listed = client.get(reverse("finance:refunds")).content.decode()
    on_gift = client.get(reverse("finance:gift", args=[gift.pk])).content.decode()
    month = client.get(reverse("finance:month", args=[day.year, day.month])).content.decode()

    assert "Misslyckad" in listed and "pengarna kom tillbaka" in listed
    assert "Misslyckad: expired_or_canceled_card" in on_gift
    assert "Misslyckade återbetalningar" in month
    with override("en"):
        english = client.get(reverse("finance:refunds")).content.decode()
    assert "Failed" in english and "the money came back" in english


def test_the_books_of_the_month_balance_and_take_the_refund_back(
    stripe_side, failed_refund, settings
):
    today = timezone.localdate()
    settings.FINANCIAL_YEAR_START_MONTH = today.month
    stripe_side.payout()

    sie = export_balanced_week(today)

    day = next(v for v in sie.vouchers if v.text.startswith("Stripe 2"))
    assert {t.amount for t in day.transactions if t.account == "3010"} >= {
        Decimal("100.00"),
        Decimal("-100.00"),
    }
    sums = sie.totals()
    charges = BalanceTransaction.objects.filter(type="charge").aggregate(total=Sum("amount_minor"))
    assert sums["3010"] == -Decimal(charges["total"]).scaleb(-2)  # the whole gift again
    assert sums["1580"] == 0
