"""The dashboards' kept per-day aggregates: the ledger keeps them in step with gifts,
refunds and disputes, and ``recompute_totals`` finds and fixes any drift."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from donations import totals
from donations.models import (
    DailyAmountCount,
    DailyGiftTotal,
    Gift,
    MonthlyAmountCount,
    MonthlyGiftTotal,
)
from donations.webhooks import dispatch
from tests.donations import stripe_events as se
from tests.donations.helpers import pay
from tests.donations.webhooks.test_concurrency import run_at_once, stored
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def _month_rows():
    return list(
        MonthlyGiftTotal.objects.values_list(
            "month", "campaign_id", "kind", "gross_minor", "refunded_minor", "gift_count"
        )
    )


def _day_rows():
    return list(
        DailyGiftTotal.objects.values_list(
            "campaign_id", "kind", "gross_minor", "refunded_minor", "gift_count"
        )
    )


def test_a_gift_is_counted_on_its_day_and_a_refund_nets_it_out(deliver):
    intent = CheckoutIntentFactory(amount_minor=30000)
    gift = pay(deliver, intent)
    pay(deliver, CheckoutIntentFactory(amount_minor=30000, campaign=intent.campaign))
    deliver(
        se.event(
            "charge.refunded",
            se.charge(
                payment_intent=gift.stripe_payment_intent_id, amount=30000, amount_refunded=10000
            ),
        )
    )

    [row] = DailyGiftTotal.objects.all()
    assert row.day == timezone.localdate(gift.paid_at)
    assert (row.campaign_id, row.kind, row.currency) == (intent.campaign_id, "once", "SEK")
    assert (row.gross_minor, row.refunded_minor, row.gift_count) == (60000, 10000, 2)
    [amounts] = DailyAmountCount.objects.all()
    assert (amounts.amount_minor, amounts.gift_count) == (30000, 2)
    assert totals.recompute_totals(fix=False) == []


def test_a_duplicate_delivery_counts_once_and_a_refund_replayed_nets_once(deliver):
    intent = CheckoutIntentFactory(amount_minor=20000, campaign=None)
    evt = se.event("checkout.session.completed", se.checkout_session(intent))
    deliver(evt)
    deliver(evt)
    gift = Gift.objects.get()
    refund = se.event(
        "charge.refunded",
        se.charge(
            payment_intent=gift.stripe_payment_intent_id, amount=20000, amount_refunded=20000
        ),
    )
    deliver(refund)
    deliver(refund)

    assert _day_rows() == [(None, "once", 20000, 20000, 1)]
    assert totals.recompute_totals(fix=False) == []


def test_recompute_reports_and_fixes_drift_in_the_days(deliver, capsys):
    gift = pay(deliver, CheckoutIntentFactory(amount_minor=30000))
    DailyGiftTotal.objects.update(gross_minor=1)
    DailyAmountCount.objects.all().delete()

    call_command("recompute_totals")

    out = capsys.readouterr().out
    day = timezone.localdate(gift.paid_at)
    assert f"{day:%Y-%m-%d} {gift.campaign.slug} SEK once: gross 1 → 30000" in out
    assert f"{day:%Y-%m-%d} {gift.campaign.slug} SEK 30000: gifts 0 → 1" in out
    assert "2 difference(s) fixed" in out
    assert _day_rows() == [(gift.campaign_id, "once", 30000, 0, 1)]
    assert totals.recompute_totals(fix=False) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_gifts_recorded_at_once_both_count_in_the_day():
    first = CheckoutIntentFactory(amount_minor=10000)
    second = CheckoutIntentFactory(amount_minor=10000, campaign=first.campaign)
    events = [
        stored(se.event("checkout.session.completed", se.checkout_session(intent)))
        for intent in (first, second)
    ]
    run_at_once(*[lambda pk=evt.pk: dispatch.process_webhook_event(pk) for evt in events])

    assert _day_rows() == [(first.campaign_id, "once", 20000, 0, 2)]
    assert DailyAmountCount.objects.get().gift_count == 2
    assert totals.recompute_totals(fix=False) == []


def test_the_month_keeps_the_sum_of_its_days(deliver):
    first = pay(deliver, CheckoutIntentFactory(amount_minor=30000))
    second = pay(deliver, CheckoutIntentFactory(amount_minor=30000, campaign=first.campaign))
    refund = se.charge(
        payment_intent=second.stripe_payment_intent_id, amount=30000, amount_refunded=5000
    )
    deliver(se.event("charge.refunded", refund))

    month = timezone.localdate(first.paid_at).replace(day=1)
    assert _month_rows() == [(month, first.campaign_id, "once", 60000, 5000, 2)]
    assert list(MonthlyAmountCount.objects.values_list("month", "amount_minor", "gift_count")) == [
        (month, 30000, 2)
    ]


def test_recompute_reports_and_fixes_drift_in_the_months(deliver, capsys):
    gift = pay(deliver, CheckoutIntentFactory(amount_minor=30000))
    MonthlyGiftTotal.objects.update(refunded_minor=7)
    MonthlyAmountCount.objects.all().delete()

    call_command("recompute_totals")

    out = capsys.readouterr().out
    month = timezone.localdate(gift.paid_at).replace(day=1)
    assert f"{month:%Y-%m-%d} {gift.campaign.slug} SEK once: refunded 7 → 0" in out
    assert f"{month:%Y-%m-%d} {gift.campaign.slug} SEK 30000: gifts 0 → 1" in out
    assert _month_rows() == [(month, gift.campaign_id, "once", 30000, 0, 1)]
    assert totals.recompute_totals(fix=False) == []
