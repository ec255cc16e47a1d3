"""One-off gifts recorded from checkout events (``donations.ledger.gifts``)."""

import pytest

from donations.models import CheckoutIntent, Gift, WebhookEvent
from tests.donations import stripe_events as se
from tests.donations.helpers import totals
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def test_paid_checkout_records_one_gift_with_receipt_and_email(deliver, mailoutbox):
    intent = CheckoutIntentFactory(amount_minor=25000)
    deliver(
        se.event("checkout.session.completed", se.checkout_session(intent, payment_intent="pi_1"))
    )

    gift = Gift.objects.get()
    assert (gift.amount_minor, gift.currency, gift.kind) == (25000, "SEK", Gift.Kind.ONCE)
    assert gift.stripe_payment_intent_id == "pi_1"
    assert gift.campaign == intent.campaign
    assert gift.receipt_number == 1
    intent.refresh_from_db()
    assert intent.status == CheckoutIntent.Status.COMPLETED
    intent.donor.refresh_from_db()
    assert intent.donor.stripe_customer_id == f"cus_for_{intent.donor_id}"
    assert totals(intent.campaign).raised_minor == 25000
    assert totals(intent.campaign).donor_count == 1
    [email] = mailoutbox
    assert email.to == [intent.donor.email]
    assert gift.receipt_reference in email.subject
    [(_filename, content, mimetype)] = email.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.PROCESSED


def test_two_events_about_the_same_payment_make_one_gift(deliver):
    intent = CheckoutIntentFactory()
    session = se.checkout_session(intent, payment_intent="pi_same")
    deliver(se.event("checkout.session.completed", session))
    deliver(se.event("checkout.session.async_payment_succeeded", session))
    assert Gift.objects.count() == 1
    assert totals(intent.campaign).gift_count == 1
