"""What a donor's own changes need from the emulator: a pause that ends by itself, a
cancellation with the donor's reason, undoing a scheduled cancellation, and deleting a
customer (erasure)."""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from stripe_emulator.server import EmulatorServer
from tests.stripe_emulator.test_subscriptions import event_types, renew


def test_a_pause_with_resumes_at_ends_at_the_first_renewal_after_it(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    subscription = sdk.v1.subscriptions.retrieve(monthly["subscription"])
    period_end = subscription["items"].data[0].current_period_end
    paused = sdk.v1.subscriptions.update(
        subscription.id,
        params={"pause_collection": {"behavior": "void", "resumes_at": period_end}},
        options={"idempotency_key": "pause-once"},
    )
    assert paused.pause_collection.resumes_at == period_end

    invoice = renew(server, subscription.id)

    assert invoice["status"] == "paid"
    resumed = server.state.events("customer.subscription.updated")[-2]
    assert resumed["data"]["object"]["pause_collection"] is None
    assert resumed["data"]["previous_attributes"]["pause_collection"]["resumes_at"] == period_end


def test_a_pause_with_a_later_resumes_at_voids_the_renewal(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    subscription = sdk.v1.subscriptions.retrieve(monthly["subscription"])
    later = subscription["items"].data[0].current_period_end + 86400
    sdk.v1.subscriptions.update(
        subscription.id, params={"pause_collection": {"behavior": "void", "resumes_at": later}}
    )

    assert renew(server, subscription.id)["status"] == "void"
    assert server.state.get(subscription.id)["pause_collection"]["resumes_at"] == later


def test_cancel_keeps_the_donors_reason(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    canceled = sdk.v1.subscriptions.cancel(
        monthly["subscription"],
        params={"cancellation_details": {"comment": "Tight budget this year"}},
    )

    assert canceled.cancellation_details.comment == "Tight budget this year"
    assert canceled.cancellation_details.reason == "cancellation_requested"
    deleted = server.state.events("customer.subscription.deleted")[-1]
    assert deleted["data"]["object"]["cancellation_details"]["comment"] == "Tight budget this year"


def test_deleting_a_customer_cancels_its_subscriptions_and_leaves_a_stub(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    customer_id = monthly["customer"]

    deleted = sdk.v1.customers.delete(customer_id)

    assert (deleted.id, deleted.deleted) == (customer_id, True)
    assert event_types(server)[-2:] == ["customer.subscription.deleted", "customer.deleted"]
    assert server.state.get(monthly["subscription"])["status"] == "canceled"
    assert sdk.v1.customers.retrieve(customer_id).to_dict() == {
        "id": customer_id,
        "object": "customer",
        "deleted": True,
    }
    with pytest.raises(stripe.InvalidRequestError) as error:
        sdk.v1.customers.delete(customer_id)
    assert error.value.code == "resource_missing"
    assert customer_id not in [c.id for c in sdk.v1.customers.list().data]


def test_held_events_wait_for_release(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any], receiver
) -> None:
    """Browser tests hold Stripe's events to look at a page before they arrive."""
    server.wait_for_deliveries(timeout=5)
    receiver.clear()
    server.emulator.dispatcher.hold()
    try:
        sdk.v1.subscriptions.update(monthly["subscription"], params={"pause_collection": ""})
        sdk.v1.subscriptions.cancel(monthly["subscription"])
        assert not server.emulator.dispatcher.wait_idle(timeout=0.2)
        assert receiver.types == []
    finally:
        server.emulator.dispatcher.release()
    assert server.emulator.dispatcher.wait_idle(timeout=5)
    assert receiver.types == ["customer.subscription.deleted"]


def test_undoing_a_scheduled_cancellation_keeps_the_subscription_renewing(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    subscription_id = monthly["subscription"]
    sdk.v1.subscriptions.update(subscription_id, params={"cancel_at_period_end": True})

    kept = sdk.v1.subscriptions.update(
        subscription_id,
        params={"cancel_at_period_end": False},
        options={"idempotency_key": "keep-once"},
    )

    assert (kept.cancel_at_period_end, kept.cancel_at, kept.canceled_at) == (False, None, None)
    event = server.state.events("customer.subscription.updated")[-1]
    assert event["data"]["previous_attributes"]["cancel_at_period_end"] is True
    assert renew(server, subscription_id)["status"] == "paid"
