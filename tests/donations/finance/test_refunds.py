"""Staff refunds (``donations.finance.refunds``): refused when they may not be made,
sent to Stripe once, and counted only when Stripe's event arrives."""

import pytest
from django.contrib.admin.models import LogEntry

from donations import stripe_gateway
from donations.finance import refunds
from donations.finance.refunds import RefundRefused, request_refund
from donations.models import (
    Dispute,
    Gift,
    GiftStatus,
    RecurringPlan,
    Refund,
    RefundRequest,
    RefundRequestState,
)
from tests.factories.accounts import FinanceStaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return FinanceStaffFactory()


def test_a_partial_refund_is_requested_and_counts_only_when_stripe_confirms(stripe_side, staff):
    gift = stripe_side.give(25000)

    request = request_refund(gift.pk, amount_minor=10000, reason="Donor asked", by=staff)

    assert request.state == RefundRequestState.REQUESTED
    assert request.stripe_refund_id.startswith("re_")
    gift.refresh_from_db()
    assert (gift.refunded_minor, gift.status) == (0, GiftStatus.PAID)
    assert not Refund.objects.exists()

    stripe_side.flush()

    request.refresh_from_db()
    gift.refresh_from_db()
    assert request.state == RefundRequestState.SUCCEEDED
    assert (gift.refunded_minor, gift.status) == (10000, GiftStatus.PARTIALLY_REFUNDED)
    refund = request.refund
    assert (refund.amount_minor, refund.created_by, refund.reason) == (10000, staff, "Donor asked")
    assert refunds.refundable_minor(gift) == 15000


def test_the_event_may_arrive_before_stripe_answers(stripe_side, staff, monkeypatch):
    gift = stripe_side.give(25000)
    create_refund = stripe_gateway.create_refund

    def answer_after_the_events(**kwargs):
        answer = create_refund(**kwargs)
        stripe_side.flush()
        return answer

    monkeypatch.setattr(stripe_gateway, "create_refund", answer_after_the_events)

    request = request_refund(gift.pk, amount_minor=5000, reason="Twice by mistake", by=staff)

    assert request.state == RefundRequestState.SUCCEEDED
    assert request.refund.stripe_refund_id == request.stripe_refund_id


def test_a_duplicate_event_changes_nothing(stripe_side, staff):
    gift = stripe_side.give(25000)
    request_refund(gift.pk, amount_minor=5000, reason="Asked", by=staff)
    events = stripe_side.new_events()
    stripe_side.flush()
    for event in events:
        stripe_side.deliver(event)
    gift.refresh_from_db()
    assert gift.refunded_minor == 5000
    assert Refund.objects.count() == 1


def test_a_double_click_is_refused_while_the_first_is_pending(stripe_side, staff):
    gift = stripe_side.give(25000)
    request_refund(gift.pk, amount_minor=5000, reason="Asked", by=staff)

    with pytest.raises(RefundRefused, match="begärdes redan"):
        request_refund(gift.pk, amount_minor=5000, reason="Asked", by=staff)

    assert RefundRequest.objects.count() == 1
    assert len(stripe_side.new_events("refund.created")) == 1


def test_more_than_remains_is_refused_counting_pending_requests(stripe_side, staff):
    gift = stripe_side.give(25000)
    request_refund(gift.pk, amount_minor=20000, reason="Asked", by=staff)

    with pytest.raises(RefundRefused, match="Högst 50") as refused:
        request_refund(gift.pk, amount_minor=6000, reason="Asked", by=staff)

    assert "kr" in refused.value.message
    assert RefundRequest.objects.count() == 1
    stripe_side.flush()
    with pytest.raises(RefundRefused, match="Högst 50"):
        request_refund(gift.pk, amount_minor=6000, reason="Asked", by=staff)


@pytest.mark.parametrize("amount", [0, -100])
def test_nothing_or_less_is_refused(stripe_side, staff, amount):
    gift = stripe_side.give(25000)
    with pytest.raises(RefundRefused, match="mer än noll"):
        request_refund(gift.pk, amount_minor=amount, reason="Asked", by=staff)
    assert not RefundRequest.objects.exists()


def test_a_reason_is_required(stripe_side, staff):
    gift = stripe_side.give(25000)
    with pytest.raises(RefundRefused, match="orsaken"):
        request_refund(gift.pk, amount_minor=100, reason="   ", by=staff)
    assert not RefundRequest.objects.exists()


def test_a_disputed_gift_is_refused(stripe_side, staff):
    gift = stripe_side.give(25000)
    Dispute.objects.create(
        stripe_dispute_id="dp_1",
        gift=gift,
        stripe_charge_id="ch_1",
        status=Dispute.Status.NEEDS_RESPONSE,
        amount_minor=gift.amount_minor,
        currency="SEK",
    )
    with pytest.raises(RefundRefused, match="bestridd"):
        request_refund(gift.pk, amount_minor=100, reason="Asked", by=staff)
    assert not RefundRequest.objects.exists()
    assert not stripe_side.new_events("refund.created")


def test_stripe_unreachable_marks_the_request_failed_and_refunds_nothing(
    stripe_side, staff, settings
):
    gift = stripe_side.give(25000)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"

    with pytest.raises(RefundRefused, match="gick inte att nå"):
        request_refund(gift.pk, amount_minor=5000, reason="Asked", by=staff)

    request = RefundRequest.objects.get()
    assert request.state == RefundRequestState.FAILED
    assert "could not be reached" in request.failure_reason
    gift.refresh_from_db()
    assert gift.refunded_minor == 0
    assert refunds.refundable_minor(gift) == gift.amount_minor


def test_a_refund_stripe_refuses_at_once_marks_the_request_failed(stripe_side, staff):
    gift = stripe_side.give(25000)
    Gift.objects.filter(pk=gift.pk).update(
        stripe_payment_intent_id="pi_not_at_stripe", stripe_charge_id="ch_not_at_stripe"
    )

    with pytest.raises(RefundRefused):
        request_refund(gift.pk, amount_minor=5000, reason="Asked", by=staff)

    request = RefundRequest.objects.get()
    assert request.state == RefundRequestState.FAILED
    assert not stripe_side.new_events("refund.created")
    assert not Refund.objects.exists()


def test_who_when_why_and_how_much_are_in_the_audit_log(stripe_side, staff):
    gift = stripe_side.give(25000)
    request = request_refund(gift.pk, amount_minor=5000, reason="Donor asked", by=staff)
    entry = LogEntry.objects.get(object_id=str(request.pk))
    assert entry.user == staff
    assert "SEK" in entry.change_message and "50" in entry.change_message
    assert "Donor asked" in entry.change_message


@pytest.mark.parametrize("cancel", [False, True])
def test_refunding_an_installment_cancels_the_plan_only_when_asked(stripe_side, staff, cancel):
    installment = stripe_side.give(10000, monthly=True)
    assert installment.kind == Gift.Kind.MONTHLY

    request_refund(installment.pk, amount_minor=10000, reason="Asked", by=staff, cancel_plan=cancel)
    stripe_side.flush()

    installment.refresh_from_db()
    assert installment.status == GiftStatus.REFUNDED
    expected = RecurringPlan.Status.CANCELLED if cancel else RecurringPlan.Status.ACTIVE
    assert installment.plan.status == expected
