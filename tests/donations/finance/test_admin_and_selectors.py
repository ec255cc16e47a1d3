"""Disputes, payouts and their lines in the (read-only) admin and the selectors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from donations.finance import selectors
from donations.models import BalanceTransaction, Dispute, Payout
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(stripe_side):
    gift = stripe_side.give(25000)
    stripe_side.give(3000, "EUR")
    stripe_side.dispute(gift)
    stripe_side.give(40000)
    return stripe_side.payout()


def test_the_admin_lists_and_finds_them_and_edits_nothing(client, month):
    client.force_login(StaffFactory(email="staff@example.org"))
    for model, term in [
        ("dispute", Dispute.objects.get().stripe_dispute_id),
        ("payout", month),
        ("balancetransaction", month),
    ]:
        url = reverse(f"admin:donations_{model}_changelist")
        response = client.get(url, {"q": term})
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) >= 1
        assert client.get(reverse(f"admin:donations_{model}_add")).status_code == 403
    payout = Payout.objects.get()
    page = client.get(reverse("admin:donations_payout_change", args=[payout.pk]))
    assert page.status_code == 200 and "Stämmer".encode() in page.content


def test_selectors_cost_a_fixed_number_of_queries(month):
    payout = Payout.objects.get()
    with CaptureQueriesContext(connection) as queries:
        lines = list(selectors.payout_lines(payout))
        links = [(line.gift, line.refund, line.dispute) for line in lines]
        disputes = [(d.gift.campaign, d.gift.donor) for d in selectors.disputes(open_only=True)]
    assert len(queries) == 2
    assert len(lines) == BalanceTransaction.objects.count() and links and len(disputes) == 1
    assert list(selectors.payouts()) == [payout]
    assert not selectors.payouts_not_reconciled().exists()
    assert not selectors.unmatched_lines().exists()
    totals = selectors.settlement_totals(
        selectors.lines_in_period(payout.arrival_date.replace(day=1), payout.arrival_date)
    )
    assert totals[("dispute", "SEK")]["fee_minor"] == 20000
    assert sum(row["net_minor"] for key, row in totals.items() if key[0] != "payout") == (
        payout.amount_minor
    )
