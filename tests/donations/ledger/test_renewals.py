"""Failed renewals are kept once per invoice (``donations.ledger.renewals``): retried and
repeated deliveries count once, a first payment's failure is not a renewal, and the
invoice's payment marks it recovered whichever event arrives first."""

import pytest

from donations.models import FailedRenewal
from tests.donations import stripe_events as se
from tests.factories.donations import MonthlyCheckoutIntentFactory

pytestmark = pytest.mark.django_db


def _renewal(intent, status: str, invoice_id: str):
    invoice = se.invoice(
        intent, subscription="sub_renew", status=status, billing_reason="subscription_cycle"
    )
    invoice["id"] = invoice_id
    return invoice


@pytest.fixture
def intent(deliver):
    intent = MonthlyCheckoutIntentFactory(amount_minor=15000)
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_renew")))
    return intent


def test_a_failed_renewal_is_kept_once_however_often_it_is_retried(deliver, intent):
    failed = _renewal(intent, "open", "in_renew_1")
    for _attempt in range(3):
        deliver(se.event("invoice.payment_failed", failed))

    renewal = FailedRenewal.objects.get()
    assert (renewal.stripe_invoice_id, renewal.amount_minor, renewal.currency) == (
        "in_renew_1",
        15000,
        "SEK",
    )
    assert renewal.campaign_id == intent.campaign_id
    assert renewal.recovered_at is None


def test_paying_the_invoice_marks_the_failure_recovered(deliver, intent):
    deliver(se.event("invoice.payment_failed", _renewal(intent, "open", "in_renew_2")))
    deliver(se.event("invoice.paid", _renewal(intent, "paid", "in_renew_2")))

    assert FailedRenewal.objects.get().recovered_at is not None


def test_a_payment_delivered_before_the_failure_still_marks_it_recovered(deliver, intent):
    deliver(se.event("invoice.paid", _renewal(intent, "paid", "in_renew_3")))
    deliver(se.event("invoice.payment_failed", _renewal(intent, "open", "in_renew_3")))

    assert FailedRenewal.objects.get().recovered_at is not None


def test_a_failed_first_payment_is_not_a_failed_renewal(deliver):
    intent = MonthlyCheckoutIntentFactory()
    first = se.invoice(intent, subscription="sub_first", status="open")
    deliver(se.event("invoice.payment_failed", first))

    assert not FailedRenewal.objects.exists()
