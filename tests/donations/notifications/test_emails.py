"""Donor emails: receipts and tribute e-cards (``donations.notifications.emails``)."""

import pytest

from donations.notifications import emails
from tests.donations import stripe_events as se
from tests.donations.helpers import pay
from tests.factories.donations import CheckoutIntentFactory, MonthlyCheckoutIntentFactory

pytestmark = pytest.mark.django_db


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


def test_tribute_card_is_sent_once(deliver, mailoutbox):
    intent = CheckoutIntentFactory(
        tribute_kind="memory", tribute_name="Anna Lindh", tribute_notify_email="family@example.org"
    )
    evt = se.event("checkout.session.completed", se.checkout_session(intent))
    deliver(evt)
    deliver(se.event("checkout.session.async_payment_succeeded", se.checkout_session(intent)))
    cards = [m for m in mailoutbox if m.to == ["family@example.org"]]
    assert len(cards) == 1
    assert "Anna Lindh" in cards[0].subject
