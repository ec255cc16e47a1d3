"""Kept totals: the ledger keeps them in step, ``recompute_totals`` reconciles them
(``donations.totals``)."""

import pytest
from django.core.management import call_command

from campaigns import selectors as campaign_selectors
from campaigns.models import CampaignTotal, FundTotal
from donations import totals
from tests.donations import stripe_events as se
from tests.donations.helpers import pay
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def test_recompute_totals_reports_and_fixes_drift(deliver, capsys):
    intent = CheckoutIntentFactory(amount_minor=30000)
    pay(deliver, intent)
    CampaignTotal.objects.filter(campaign=intent.campaign).update(raised_minor=1, donor_count=7)

    call_command("recompute_totals", "--dry-run")
    assert "1 difference(s) found" in capsys.readouterr().out
    assert CampaignTotal.objects.get().raised_minor == 1

    call_command("recompute_totals")
    out = capsys.readouterr().out
    assert "raised 1 → 30000" in out and "donors 7 → 1" in out
    total = CampaignTotal.objects.get()
    assert (total.raised_minor, total.gift_count, total.donor_count) == (30000, 1, 1)
    call_command("recompute_totals")
    assert "0 difference(s) fixed" in capsys.readouterr().out


def test_the_fund_total_counts_every_gift_and_nets_out_refunds(deliver):
    pay(deliver, CheckoutIntentFactory(amount_minor=30000))
    fund_gift = pay(deliver, CheckoutIntentFactory(amount_minor=20000, campaign=None))
    deliver(
        se.event(
            "charge.refunded",
            se.charge(
                payment_intent=fund_gift.stripe_payment_intent_id,
                amount=20000,
                amount_refunded=5000,
            ),
        )
    )

    [total] = campaign_selectors.fund_totals()
    assert (total.currency, total.raised_minor, total.gift_count) == ("SEK", 45000, 2)
    assert totals.recompute_totals(fix=False) == []


def test_recompute_totals_fixes_fund_drift_too(deliver, capsys):
    pay(deliver, CheckoutIntentFactory(amount_minor=30000))
    FundTotal.objects.update(raised_minor=1)
    FundTotal.objects.create(currency="EUR", raised_minor=500, gift_count=1)

    call_command("recompute_totals")

    out = capsys.readouterr().out
    assert "fund EUR: raised 500 → 0, gifts 1 → 0" in out
    assert "fund SEK: raised 1 → 30000" in out
    assert dict(FundTotal.objects.values_list("currency", "raised_minor")) == {
        "EUR": 0,
        "SEK": 30000,
    }
