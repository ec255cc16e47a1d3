"""A donor's changes to a monthly gift (``donations.donor_area.plans``) against the
emulator: each action, each refusal, and Stripe's events in either order."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from donations import stripe_gateway
from donations.billing_dates import PAUSE_MARGIN, first_charge_after, months_from, pause_end
from donations.donor_area import plans
from donations.ledger import follow_ups
from donations.models import PlanChange, RecurringPlan
from tests.donations.donor_area.conftest import emulator_post, subscription_at_emulator

pytestmark = pytest.mark.django_db


@contextmanager
def refused(match: str, error: type[Exception] = plans.PlanChangeRefused):
    """The refusal, read in English (a delivered event leaves the test client's
    language active); emails still go out in the donor's language."""
    with translation.override("en"), pytest.raises(error, match=match):
        yield


def refreshed(plan: RecurringPlan) -> RecurringPlan:
    plan.refresh_from_db()
    return plan


def test_a_new_amount_goes_to_stripe_and_is_pending_until_its_event(
    live_plan, stripe_emulator_server, emulator_events, forward, mailoutbox
):
    mailoutbox.clear()
    change = plans.change_amount(live_plan, 15000, by=None)

    subscription = subscription_at_emulator(stripe_emulator_server, live_plan)
    assert subscription["items"]["data"][0]["price"]["unit_amount"] == 15000
    assert plans.pending_change(live_plan) == change
    assert refreshed(live_plan).amount_minor == 10000
    assert mailoutbox == []

    forward()

    plan = refreshed(live_plan)
    assert plan.amount_minor == 15000
    assert plans.pending_change(plan) is None
    change.refresh_from_db()
    assert change.confirmed_at is not None and change.confirmation_sent_at is not None
    (email,) = mailoutbox
    assert "150\xa0kr" in email.body and email.to == ["maria@example.org"]
    assert "150\xa0kr" in email.alternatives[0][0]


def test_the_new_amount_is_charged_from_the_next_renewal_without_proration(
    live_plan, stripe_emulator_server, forward
):
    plans.change_amount(live_plan, 15000, by=None)
    forward()
    invoices = [
        invoice
        for invoice in stripe_emulator_server.emulator.store.all("invoice")
        if invoice["parent"]["subscription_details"]["subscription"]
        == live_plan.stripe_subscription_id
    ]
    assert [invoice["amount_paid"] for invoice in invoices] == [10000]


@pytest.mark.parametrize("amount_minor", [4999, 10_000_001, 0])
def test_an_amount_out_of_range_is_refused_and_nothing_is_sent(
    live_plan, emulator_events, amount_minor
):
    with refused("between SEK\xa050 and SEK\xa0100,000"):
        plans.change_amount(live_plan, amount_minor, by=None)

    assert emulator_events.take() == []
    assert not PlanChange.objects.exists()


def test_the_same_amount_is_refused(live_plan, emulator_events):
    with refused("already"):
        plans.change_amount(live_plan, 10000, by=None)
    assert emulator_events.take() == []


def test_a_pause_for_two_months_skips_two_charges_and_says_when_the_next_one_is(
    live_plan, stripe_emulator_server, forward, mailoutbox
):
    mailoutbox.clear()
    next_charge = live_plan.next_charge_at
    change = plans.pause(live_plan, 2, by=None)

    subscription = subscription_at_emulator(stripe_emulator_server, live_plan)
    assert subscription["pause_collection"] == {
        "behavior": "void",
        "resumes_at": int(change.resumes_at.timestamp()),
    }
    assert change.resumes_at == months_from(next_charge, 1) + timedelta(days=1)
    forward()

    plan = refreshed(live_plan)
    assert (plan.status, plan.paused_until) == (RecurringPlan.Status.PAUSED, change.resumes_at)
    (email,) = mailoutbox
    with translation.override("sv"):
        charges_again = date_format(timezone.localtime(months_from(next_charge, 2)), "DATE_FORMAT")
    assert f"Din månadsgåva är pausad. Nästa dragning blir den {charges_again}." in email.body
    assert "pausad till" not in email.body


def test_a_pause_of_one_month_ends_a_day_after_the_charge_it_skips(
    live_plan, stripe_emulator_server, emulator_events
):
    """The skipped charge falls a whole day inside the pause, not by the seconds between
    the donor's click and the hour of the charge; the charge after it is collected."""
    next_charge = live_plan.next_charge_at
    change = plans.pause(live_plan, 1, by=None)
    assert change.resumes_at - next_charge == timedelta(days=1)
    subscription_id = live_plan.stripe_subscription_id
    renew = f"/_emulator/subscriptions/{subscription_id}/renew"

    skipped = emulator_post(stripe_emulator_server, renew)
    charged = emulator_post(stripe_emulator_server, renew)

    assert (skipped["status"], skipped["amount_paid"]) == ("void", 0)
    assert (charged["status"], charged["amount_paid"]) == ("paid", 10000)


def test_the_first_charge_after_a_pause_is_on_the_billing_cycle():
    now = datetime(2026, 11, 25, 20, 16, tzinfo=UTC)
    next_charge = datetime(2026, 12, 25, 20, 15, tzinfo=UTC)

    one_month = pause_end(next_charge, 1, now)
    three_months = pause_end(next_charge, 3, now)

    assert one_month == next_charge + PAUSE_MARGIN
    assert first_charge_after(next_charge, one_month) == datetime(2027, 1, 25, 20, 15, tzinfo=UTC)
    assert first_charge_after(next_charge, three_months) == datetime(
        2027, 3, 25, 20, 15, tzinfo=UTC
    )
    assert first_charge_after(next_charge, None) is None


def test_a_pause_until_resumed_then_resume(live_plan, stripe_emulator_server, forward, mailoutbox):
    plans.pause(live_plan, None, by=None)
    forward()
    plan = refreshed(live_plan)
    assert (plan.status, plan.paused_until) == (RecurringPlan.Status.PAUSED, None)
    mailoutbox.clear()

    plans.resume(plan, by=None)
    assert subscription_at_emulator(stripe_emulator_server, plan)["pause_collection"] is None
    assert refreshed(plan).status == RecurringPlan.Status.PAUSED
    forward()

    assert refreshed(plan).status == RecurringPlan.Status.ACTIVE
    (email,) = mailoutbox
    assert "igen" in email.body


def test_pause_for_another_number_of_months_is_refused(live_plan, emulator_events):
    with refused("1, 2 or 3"):
        plans.pause(live_plan, 6, by=None)
    assert emulator_events.take() == []


def test_pausing_a_paused_plan_and_resuming_an_active_one_are_refused(
    live_plan, forward, emulator_events
):
    with refused("not paused"):
        plans.resume(live_plan, by=None)
    plans.pause(live_plan, 1, by=None)
    forward()
    with refused("already paused"):
        plans.pause(live_plan, 3, by=None)
    assert emulator_events.take() == []


def test_cancel_with_a_reason(live_plan, stripe_emulator_server, forward, mailoutbox):
    mailoutbox.clear()
    plans.cancel(live_plan, "  Byter till\nen annan organisation ", by=None)

    subscription = subscription_at_emulator(stripe_emulator_server, live_plan)
    assert subscription["status"] == "canceled"
    assert subscription["cancellation_details"]["comment"] == "Byter till en annan organisation"
    forward()

    plan = refreshed(live_plan)
    assert plan.status == RecurringPlan.Status.CANCELLED
    (email,) = mailoutbox
    assert "avslutad" in email.body


def test_a_cancelled_plan_refuses_every_change_without_calling_stripe(
    live_plan, forward, emulator_events
):
    """A stale page still shows the buttons of a plan that has ended meanwhile."""
    plans.cancel(live_plan, "", by=None)
    forward()
    for attempt in (
        lambda: plans.cancel(live_plan, "", by=None),
        lambda: plans.change_amount(live_plan, 20000, by=None),
        lambda: plans.pause(live_plan, 1, by=None),
    ):
        with refused("ended"):
            attempt()
    with refused("ended"):
        plans.card_update_url(live_plan, "https://example.org/")
    assert emulator_events.take() == []


def test_a_long_reason_is_refused(live_plan, emulator_events):
    with refused("500"):
        plans.cancel(live_plan, "x" * 501, by=None)
    assert emulator_events.take() == []


def test_a_second_change_waits_for_the_first_to_be_confirmed(
    live_plan, forward, emulator_events, deliver
):
    """A double click, or a second tab, while Stripe has not confirmed yet."""
    plans.change_amount(live_plan, 15000, by=None)
    with refused("still waiting"):
        plans.change_amount(live_plan, 15000, by=None)
    events = emulator_events.take()
    assert [event["type"] for event in events] == ["customer.subscription.updated"]
    for event in events:
        deliver(event)
    plans.change_amount(live_plan, 20000, by=None)
    forward()
    assert refreshed(live_plan).amount_minor == 20000
    assert PlanChange.objects.filter(confirmed_at__isnull=False).count() == 2


def test_stripe_unreachable_changes_nothing(live_plan, monkeypatch, emulator_events):
    def down(*args, **kwargs):
        raise stripe_gateway.APIConnectionError("connection refused")

    monkeypatch.setattr(stripe_gateway.client().v1.subscriptions, "update", down)

    with refused("could not reach", plans.PlanChangeUnavailable):
        plans.change_amount(live_plan, 15000, by=None)

    assert plans.pending_change(live_plan) is None
    assert PlanChange.objects.get().abandoned_at is not None
    assert refreshed(live_plan).amount_minor == 10000
    assert emulator_events.take() == []


def test_the_event_may_arrive_before_stripes_answer(live_plan, monkeypatch, forward, mailoutbox):
    """Stripe sends the event while our call is still waiting for its answer."""
    real = stripe_gateway.change_subscription_amount

    def answer_after_the_event(*args, **kwargs):
        real(*args, **kwargs)
        assert len(forward()) == 1

    monkeypatch.setattr(stripe_gateway, "change_subscription_amount", answer_after_the_event)
    mailoutbox.clear()

    change = plans.change_amount(live_plan, 15000, by=None)

    change.refresh_from_db()
    assert change.confirmed_at is not None and change.abandoned_at is None
    assert refreshed(live_plan).amount_minor == 15000
    assert len(mailoutbox) == 1


def test_a_repeated_or_older_event_changes_nothing_more(
    live_plan, emulator_events, deliver, mailoutbox
):
    plans.change_amount(live_plan, 15000, by=None)
    (updated,) = emulator_events.take()
    older = {**updated, "id": updated["id"] + "old", "created": updated["created"] - 60}
    older["data"] = {"object": {**updated["data"]["object"]}}
    older_items = {"data": [dict(updated["data"]["object"]["items"]["data"][0])]}
    older_items["data"][0]["price"] = {**older_items["data"][0]["price"], "unit_amount": 10000}
    older["data"]["object"]["items"] = {**updated["data"]["object"]["items"], **older_items}
    mailoutbox.clear()

    deliver(updated)
    deliver(updated)
    deliver(older)

    assert refreshed(live_plan).amount_minor == 15000
    assert len(mailoutbox) == 1


def test_a_confirmation_lost_with_its_task_is_sent_by_the_sweep(
    live_plan, emulator_events, deliver, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(follow_ups, "queue_plan_change_confirmation", lambda change: None)
    monkeypatch.setattr(plans, "queue_plan_change_confirmation", lambda change: None)
    change = plans.change_amount(live_plan, 15000, by=None)
    for event in emulator_events.take():
        deliver(event)
    mailoutbox.clear()
    change.refresh_from_db()

    later = change.confirmed_at + follow_ups.EMAIL_GRACE * 2
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_ups.requeue_lost_emails(now=later) == 1
    assert len(mailoutbox) == 1
    assert follow_ups.requeue_lost_emails(now=later) == 0


def test_the_card_is_changed_on_stripes_portal(live_plan, stripe_emulator_server):
    url = plans.card_update_url(live_plan, "https://example.org/back")
    assert url.startswith(f"{stripe_emulator_server.base_url}/portal/")
