"""Monthly gifts: plans and their installments (``donations.ledger.plans``)."""

import time

import pytest

from donations.models import CheckoutIntent, Gift, RecurringPlan, WebhookEvent
from tests.donations import stripe_events as se
from tests.donations.helpers import totals
from tests.factories.donations import MonthlyCheckoutIntentFactory

pytestmark = pytest.mark.django_db


def test_invoice_paid_before_checkout_completed_makes_one_plan_and_one_gift(deliver):
    intent = MonthlyCheckoutIntentFactory(amount_minor=10000)
    first = se.invoice(intent, subscription="sub_1")
    deliver(se.event("invoice.paid", first))
    deliver(
        se.event("checkout.session.completed", se.checkout_session(intent, subscription="sub_1"))
    )
    deliver(se.event("invoice.paid", first))

    plan = RecurringPlan.objects.get()
    assert plan.stripe_subscription_id == "sub_1"
    assert plan.status == RecurringPlan.Status.ACTIVE
    assert plan.campaign == intent.campaign
    gift = Gift.objects.get()
    assert (gift.kind, gift.amount_minor, gift.plan, gift.opens_plan) == (
        Gift.Kind.MONTHLY,
        10000,
        plan,
        True,
    )
    intent.refresh_from_db()
    assert intent.status == CheckoutIntent.Status.COMPLETED
    assert totals(intent.campaign).raised_minor == 10000


def test_renewal_adds_an_installment_with_the_next_receipt_number(deliver, mailoutbox):
    intent = MonthlyCheckoutIntentFactory(amount_minor=10000)
    deliver(
        se.event("checkout.session.completed", se.checkout_session(intent, subscription="sub_2"))
    )
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_2")))
    deliver(
        se.event(
            "invoice.paid",
            se.invoice(intent, subscription="sub_2", billing_reason="subscription_cycle"),
        )
    )
    first, second = Gift.objects.order_by("receipt_number")
    assert (first.receipt_number, second.receipt_number) == (1, 2)
    assert second.opens_plan is False
    stats = totals(intent.campaign)
    assert (stats.raised_minor, stats.gift_count, stats.donor_count) == (20000, 2, 1)
    assert len(mailoutbox) == 2
    assert "monthly gift" in mailoutbox[1].body or "månadsgåva" in mailoutbox[1].body


def test_failed_renewal_marks_the_plan_past_due_and_emails_once(deliver, mailoutbox):
    intent = MonthlyCheckoutIntentFactory()
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_3")))
    mailoutbox.clear()
    failed = se.invoice(
        intent, subscription="sub_3", billing_reason="subscription_cycle", status="open"
    )
    deliver(se.event("invoice.payment_failed", failed))
    deliver(se.event("invoice.payment_failed", failed))

    assert RecurringPlan.objects.get().status == RecurringPlan.Status.PAST_DUE
    [notice] = mailoutbox
    assert "/manadsgava/kort/" in notice.body
    assert Gift.objects.count() == 1


def test_paying_after_past_due_makes_the_plan_active_again(deliver):
    intent = MonthlyCheckoutIntentFactory()
    now = int(time.time())
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_4"), created=now - 100))
    failed = se.invoice(
        intent, subscription="sub_4", status="open", billing_reason="subscription_cycle"
    )
    deliver(se.event("invoice.payment_failed", failed, created=now - 50))
    paid = se.invoice(intent, subscription="sub_4", billing_reason="subscription_cycle")
    deliver(se.event("invoice.paid", paid, created=now))
    assert RecurringPlan.objects.get().status == RecurringPlan.Status.ACTIVE


def test_subscription_pause_and_cancel(deliver):
    intent = MonthlyCheckoutIntentFactory()
    now = int(time.time())
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_5"), created=now - 30))
    paused = se.subscription(intent, sub_id="sub_5", pause=True)
    deliver(se.event("customer.subscription.updated", paused, created=now - 20))
    assert RecurringPlan.objects.get().status == RecurringPlan.Status.PAUSED

    cancelled = se.subscription(intent, sub_id="sub_5", status="canceled")
    deliver(se.event("customer.subscription.deleted", cancelled, created=now - 10))
    assert RecurringPlan.objects.get().status == RecurringPlan.Status.CANCELLED


def test_an_older_subscription_snapshot_never_revives_a_cancelled_plan(deliver):
    intent = MonthlyCheckoutIntentFactory()
    now = int(time.time())
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_6"), created=now - 30))
    cancelled = se.subscription(intent, sub_id="sub_6", status="canceled")
    deliver(se.event("customer.subscription.deleted", cancelled, created=now))
    stale = se.subscription(intent, sub_id="sub_6", status="active")
    deliver(se.event("customer.subscription.updated", stale, created=now - 20))
    assert RecurringPlan.objects.get().status == RecurringPlan.Status.CANCELLED


def test_subscription_update_changes_the_monthly_amount(deliver):
    intent = MonthlyCheckoutIntentFactory(amount_minor=10000)
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_7")))
    updated = se.subscription(intent, sub_id="sub_7")
    updated["items"]["data"][0]["price"]["unit_amount"] = 20000
    deliver(se.event("customer.subscription.updated", updated))
    assert RecurringPlan.objects.get().amount_minor == 20000


def test_a_second_subscription_for_one_checkout_fails_with_a_clear_error(deliver):
    intent = MonthlyCheckoutIntentFactory()
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_first")))
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_second")))

    failed = WebhookEvent.objects.get(status=WebhookEvent.Status.FAILED)
    assert "already has a monthly gift" in failed.last_error
    assert RecurringPlan.objects.get().stripe_subscription_id == "sub_first"
