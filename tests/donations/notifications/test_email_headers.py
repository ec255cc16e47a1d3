"""Names with CR/LF, ``<`` or ``&`` never break an email (finding 8)."""

import pytest

from donations.forms import GiveForm
from donations.models import CheckoutIntent, RecurringPlan
from donations.notifications import emails
from tests.donations import stripe_events as se
from tests.factories.campaigns import CampaignFactory
from tests.factories.donations import CheckoutIntentFactory, MonthlyCheckoutIntentFactory

pytestmark = pytest.mark.django_db


def test_the_giving_form_turns_names_into_one_clean_line():
    form = GiveForm(
        {
            "amount": "25000",
            "frequency": "once",
            "name": "Anna\r\nBcc: victim@example.org",
            "email": "anna@example.org",
            "tribute_kind": "memory",
            "tribute_name": "Olof\nPalme\x00",
        },
        campaign=CampaignFactory(),
    )
    assert form.is_valid(), form.errors
    request = form.gift_request()
    assert request.name == "Anna Bcc: victim@example.org"
    assert request.tribute_name == "Olof Palme"


def test_an_e_card_subject_is_plain_text_on_one_line(deliver, mailoutbox):
    intent = CheckoutIntentFactory(
        language="en",
        tribute_kind="honour",
        tribute_name="Tom & Jerry <the cats>\r\nX",
        tribute_notify_email="family@example.org",
    )
    deliver(se.event("checkout.session.completed", se.checkout_session(intent)))

    card = next(mail for mail in mailoutbox if mail.to == ["family@example.org"])
    assert card.subject == "A gift in honour of Tom & Jerry <the cats> X"
    assert "&amp;" not in card.body and "Tom & Jerry" in card.body
    assert CheckoutIntent.objects.get().tribute_card_sent_at is not None


def test_a_past_due_notice_is_claimed_once_per_spell_of_failures(deliver, mailoutbox):
    intent = MonthlyCheckoutIntentFactory()
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_notice")))
    failed = se.invoice(
        intent, subscription="sub_notice", status="open", billing_reason="subscription_cycle"
    )
    deliver(se.event("invoice.payment_failed", failed))
    plan = RecurringPlan.objects.get()
    assert plan.past_due_notice_sent_at is not None
    notices = [mail for mail in mailoutbox if "/manadsgava/kort/" in mail.body]
    assert len(notices) == 1
    assert emails.send_payment_failed_notice(plan) is False

    renewed = se.invoice(intent, subscription="sub_notice", billing_reason="subscription_cycle")
    deliver(se.event("invoice.paid", renewed))
    plan.refresh_from_db()
    assert plan.status == RecurringPlan.Status.ACTIVE
    assert plan.past_due_notice_sent_at is None
