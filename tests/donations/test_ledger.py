"""Receipts, cached totals, the donor wall, staff replay and the update-card link."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from campaigns import selectors as campaign_selectors
from campaigns.models import CampaignTotal, FundTotal
from donations import selectors, stripe_gateway, tasks, totals
from donations.ledger import follow_ups
from donations.models import Gift, RecurringPlan, WebhookEvent
from donations.notifications import emails, links, receipt_pdf
from tests.donations import stripe_events as se
from tests.factories.accounts import StaffFactory
from tests.factories.donations import CheckoutIntentFactory, MonthlyCheckoutIntentFactory

pytestmark = pytest.mark.django_db


def pay(deliver, intent):
    deliver(se.event("checkout.session.completed", se.checkout_session(intent)))
    return Gift.objects.get(checkout_intent=intent)


def test_receipt_pdf_names_organisation_donor_amount_and_number(deliver, settings):
    intent = CheckoutIntentFactory(amount_minor=25000, donor__name="Åsa Öberg")
    gift = pay(deliver, intent)
    with translation.override("sv"):
        pdf = receipt_pdf.render_receipt_pdf(gift)
        lines = dict(receipt_pdf.receipt_lines(gift))
    assert pdf.startswith(b"%PDF")
    assert lines["Kvittonummer"] == gift.receipt_reference
    assert lines["Belopp"] == "250\u00a0kr"
    assert "Åsa Öberg" in lines["Givare"]
    assert lines["Ändamål"] == intent.campaign.title_sv


def test_receipt_email_is_in_the_donors_language(deliver, mailoutbox):
    pay(deliver, CheckoutIntentFactory(donor__language="en", language="en"))
    assert "Thank you for your gift" in mailoutbox[0].subject


def test_monthly_receipt_explains_how_to_manage_the_gift(deliver, mailoutbox):
    intent = MonthlyCheckoutIntentFactory(donor__language="en", language="en")
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_m")))
    assert "cancel" in mailoutbox[0].body


def test_a_receipt_is_sent_once_even_if_the_task_runs_twice(deliver, mailoutbox):
    gift = pay(deliver, CheckoutIntentFactory())
    assert emails.send_gift_receipt(gift) is False
    assert len(mailoutbox) == 1


def test_lost_receipt_and_fee_tasks_are_queued_again_later(
    deliver, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    queued = []
    with monkeypatch.context() as patched:
        patched.setattr(tasks.send_receipt, "delay", queued.append)
        patched.setattr(tasks.attach_payment_details, "delay", queued.append)
        gift = pay(deliver, CheckoutIntentFactory())
    assert queued == [gift.pk, gift.pk]  # both lost: the broker "dropped" them
    assert gift.receipt_sent_at is None and gift.fee_minor is None

    assert follow_ups.requeue_lost_follow_ups(now=gift.paid_at) == 0  # still in grace
    later = gift.paid_at + follow_ups.FOLLOW_UP_GRACE
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_ups.requeue_lost_follow_ups(now=later) == 2
    gift.refresh_from_db()
    assert gift.receipt_sent_at is not None and len(mailoutbox) == 1
    assert follow_ups.requeue_lost_follow_ups(now=later) == 1  # the emulator knows no fee


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


def test_donor_wall_shows_opted_in_names_and_anonymous_others(deliver):
    named = CheckoutIntentFactory(show_on_wall=True, public_message="Hej!", donor__name="Olof")
    campaign = named.campaign
    hidden = CheckoutIntentFactory(campaign=campaign, show_on_wall=False, public_message="secret")
    pay(deliver, named)
    pay(deliver, hidden)
    entries = selectors.donor_wall(campaign)
    assert {(e.name, e.message) for e in entries} == {("Olof", "Hej!"), ("", "")}


def test_staff_can_replay_an_event_from_the_admin(
    client, deliver, django_capture_on_commit_callbacks
):
    intent = CheckoutIntentFactory()
    deliver(
        se.event(
            "charge.refunded", se.charge(payment_intent="pi_x", amount=100, amount_refunded=100)
        )
    )
    event = WebhookEvent.objects.get()
    assert event.status == WebhookEvent.Status.FAILED
    pay(deliver, intent)
    Gift.objects.filter(checkout_intent=intent).update(stripe_payment_intent_id="pi_x")

    client.force_login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:donations_webhookevent_changelist"),
            {"action": "replay", "_selected_action": [event.pk]},
            follow=True,
        )
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.status == WebhookEvent.Status.PROCESSED


def test_admin_ledger_pages_load_for_staff(client, deliver):
    pay(deliver, CheckoutIntentFactory())
    client.force_login(StaffFactory())
    for page in (
        "donations_gift",
        "donations_donor",
        "donations_checkoutintent",
        "donations_recurringplan",
        "donations_refund",
        "donations_webhookevent",
        "campaigns_campaigntotal",
        "campaigns_fundtotal",
        "admin_logentry",
    ):
        assert client.get(reverse(f"admin:{page}_changelist")).status_code == 200, page


def test_update_card_link_sends_the_donor_to_stripes_portal(
    client, deliver, stripe_emulator_server
):
    intent = MonthlyCheckoutIntentFactory()
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_card")))
    plan = RecurringPlan.objects.get()
    customer = stripe_gateway.client().v1.customers.create({"email": plan.donor.email})
    plan.donor.stripe_customer_id = customer.id
    plan.donor.save()

    response = client.get(
        reverse("donations:update-card", kwargs={"token": links.update_card_token(plan)})
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"{stripe_emulator_server.base_url}/portal/")
    bad = client.get(reverse("donations:update-card", kwargs={"token": "forged"}))
    assert bad.status_code == 400
