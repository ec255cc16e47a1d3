"""Refunds that succeed and fail later (``donations.ledger.refunds``): the money counts
for the gift again, in the totals and the day aggregates, whatever the order or number
of the events."""

from itertools import permutations

import pytest

from donations import totals as kept_totals
from donations.models import (
    DailyGiftTotal,
    Gift,
    GiftStatus,
    MonthlyGiftTotal,
    Refund,
    RefundRequest,
    RefundRequestState,
    RefundStatus,
)
from tests.donations import stripe_events as se
from tests.donations.helpers import totals
from tests.factories.accounts import FinanceStaffFactory
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db

AMOUNT = 10000
PI = "pi_fails"
CREATED, SECOND, FAILED, LATER = 1_780_000_000, 1_780_000_060, 1_780_000_120, 1_780_000_180


def _paid_gift(deliver):
    intent = CheckoutIntentFactory(amount_minor=AMOUNT, currency="SEK")
    deliver(se.event("checkout.session.completed", se.checkout_session(intent, payment_intent=PI)))
    return Gift.objects.get()


def _refund(refund_id, amount, status, **fields):
    return se.fixture(
        "refund",
        id=refund_id,
        amount=amount,
        currency="sek",
        payment_intent=PI,
        charge="ch_fails",
        status=status,
        **fields,
    )


def _failed(refund_id, amount, **fields):
    return _refund(
        refund_id,
        amount,
        "failed",
        failure_reason="expired_or_canceled_card",
        failure_balance_transaction="txn_back",
        **fields,
    )


def _charge(amount_refunded, *refunds):
    charge = se.charge(payment_intent=PI, amount=AMOUNT, amount_refunded=amount_refunded)
    charge["refunds"] = {"object": "list", "data": list(refunds), "has_more": False}
    return charge


def _one_refund_that_fails():
    """Stripe's 5126 card: a refund of 4000 is created, counted, and fails a minute later."""
    made = _refund("re_a", 4000, "succeeded")
    return [
        se.event("refund.created", made, created=CREATED),
        se.event("charge.refunded", _charge(4000, made), created=CREATED),
        se.event("refund.updated", _failed("re_a", 4000), created=FAILED),
        se.event("refund.failed", _failed("re_a", 4000), created=FAILED),
    ]


def _assert_gift(refunded, status):
    gift = Gift.objects.get()
    assert (gift.refunded_minor, gift.status) == (refunded, status)
    assert totals(gift.campaign).raised_minor == AMOUNT - refunded
    assert kept_totals.recompute_totals(fix=False) == []


def test_a_refund_that_fails_counts_for_the_gift_again(deliver):
    gift = _paid_gift(deliver)
    created, refunded, updated, failed = _one_refund_that_fails()
    deliver(created)
    deliver(refunded)
    _assert_gift(4000, GiftStatus.PARTIALLY_REFUNDED)

    deliver(updated)

    _assert_gift(0, GiftStatus.PAID)
    row = Refund.objects.get()
    assert (row.status, row.failure_reason, row.gift) == (
        RefundStatus.FAILED,
        "expired_or_canceled_card",
        gift,
    )
    assert row.failed_at.timestamp() == FAILED
    deliver(failed)
    _assert_gift(0, GiftStatus.PAID)


@pytest.mark.parametrize("order", list(permutations(range(4))))
def test_every_order_of_the_events_ends_with_the_money_counted_once(deliver, order):
    _paid_gift(deliver)
    events = _one_refund_that_fails()
    for index in order:
        deliver(events[index])
    _assert_gift(0, GiftStatus.PAID)
    assert Refund.objects.get().status == RefundStatus.FAILED


def test_a_fully_refunded_gift_whose_refund_fails_is_paid_again(deliver):
    _paid_gift(deliver)
    made = _refund("re_all", AMOUNT, "succeeded")
    deliver(se.event("charge.refunded", _charge(AMOUNT, made), created=CREATED))
    _assert_gift(AMOUNT, GiftStatus.REFUNDED)
    campaign = Gift.objects.get().campaign
    assert totals(campaign).gift_count == 0

    deliver(se.event("refund.failed", _failed("re_all", AMOUNT), created=FAILED))

    _assert_gift(0, GiftStatus.PAID)
    assert (totals(campaign).gift_count, totals(campaign).donor_count) == (1, 1)


def test_repeated_and_stale_events_change_nothing_after_the_failure(deliver):
    _paid_gift(deliver)
    events = _one_refund_that_fails()
    for event in events:
        deliver(event)
    for event in events:  # Stripe delivers each again (same ids)
        deliver(event)
    # The same snapshots in new events, sent before the failure, arrive late.
    deliver(se.event("refund.updated", _refund("re_a", 4000, "succeeded"), created=CREATED))
    deliver(se.event("charge.refunded", _charge(4000), created=CREATED))
    deliver(se.event("charge.refunded", _charge(4000), created=FAILED))  # the same second

    _assert_gift(0, GiftStatus.PAID)
    assert Refund.objects.get().status == RefundStatus.FAILED


def test_a_charge_sent_after_the_failure_counts_a_later_refund(deliver):
    _paid_gift(deliver)
    for event in _one_refund_that_fails():
        deliver(event)
    # A new refund of 2500 after the failure; the charge no longer counts the failed one.
    deliver(se.event("charge.refunded", _charge(2500), created=LATER))
    _assert_gift(2500, GiftStatus.PARTIALLY_REFUNDED)
    deliver(se.event("charge.refunded", _charge(4000 + 2500), created=CREATED))  # stale
    _assert_gift(2500, GiftStatus.PARTIALLY_REFUNDED)


def _two_refunds_one_fails():
    """4000 refunded, then 1000 more; the first one fails."""
    first = _refund("re_first", 4000, "succeeded")
    second = _refund("re_second", 1000, "pending")
    return [
        se.event("refund.created", first, created=CREATED),
        se.event("charge.refunded", _charge(4000, first), created=CREATED),
        se.event("refund.created", second, created=SECOND),
        se.event("charge.refunded", _charge(5000, second, first), created=SECOND),
        se.event("refund.failed", _failed("re_first", 4000), created=FAILED),
        se.event("refund.updated", _refund("re_second", 1000, "succeeded"), created=LATER),
    ]


ORDERS = {
    "as sent": [0, 1, 2, 3, 4, 5],
    "failure first": [4, 0, 1, 2, 3, 5],
    "failure first, charges last": [4, 5, 0, 2, 1, 3],
    "charges first, newest first": [3, 1, 4, 2, 0, 5],
    "failure between the charges": [1, 4, 3, 0, 5, 2],
    "backwards": [5, 4, 3, 2, 1, 0],
    "charges only, then the failure": [1, 3, 4],
    "the second refund only by its events": [4, 2, 5, 1],
}


@pytest.mark.parametrize("order", ORDERS.values(), ids=ORDERS.keys())
def test_two_refunds_where_one_fails_leave_the_other_counted(deliver, order):
    _paid_gift(deliver)
    events = _two_refunds_one_fails()
    for index in order:
        deliver(events[index])
    _assert_gift(1000, GiftStatus.PARTIALLY_REFUNDED)
    statuses = dict(Refund.objects.values_list("stripe_refund_id", "status"))
    assert statuses["re_first"] == RefundStatus.FAILED


def test_a_pending_refund_that_fails_never_counted_twice(deliver):
    _paid_gift(deliver)
    pending = _refund("re_p", 3000, "pending")
    deliver(se.event("refund.created", pending, created=CREATED))
    _assert_gift(3000, GiftStatus.PARTIALLY_REFUNDED)
    deliver(se.event("refund.updated", _failed("re_p", 3000), created=FAILED))
    deliver(se.event("refund.updated", _refund("re_p", 3000, "succeeded"), created=LATER))
    _assert_gift(0, GiftStatus.PAID)


def test_the_staff_request_is_failed_with_the_reason_even_after_it_succeeded(deliver):
    gift = _paid_gift(deliver)
    request = RefundRequest.objects.create(
        gift=gift,
        amount_minor=4000,
        currency="SEK",
        reason="Donor asked",
        requested_by=FinanceStaffFactory(),
    )
    metadata = {"refund_request": str(request.pk)}
    deliver(
        se.event("refund.created", _refund("re_a", 4000, "succeeded", metadata=metadata)),
    )
    request.refresh_from_db()
    assert request.state == RefundRequestState.SUCCEEDED

    deliver(se.event("refund.failed", _failed("re_a", 4000, metadata=metadata), created=FAILED))
    deliver(se.event("refund.created", _refund("re_a", 4000, "succeeded", metadata=metadata)))

    request.refresh_from_db()
    assert (request.state, request.failure_reason) == (
        RefundRequestState.FAILED,
        "expired_or_canceled_card",
    )
    assert request.refund == Refund.objects.get()


def test_the_day_and_month_aggregates_count_the_money_again(deliver):
    _paid_gift(deliver)
    made = _refund("re_d", 6000, "succeeded")
    deliver(se.event("charge.refunded", _charge(6000, made), created=CREATED))
    assert set(DailyGiftTotal.objects.values_list("refunded_minor", flat=True)) == {6000}

    deliver(se.event("refund.failed", _failed("re_d", 6000), created=FAILED))

    for model in (DailyGiftTotal, MonthlyGiftTotal):
        assert list(model.objects.values_list("gross_minor", "refunded_minor")) == [(AMOUNT, 0)]
    assert kept_totals.recompute_totals(fix=False) == []
