"""Monthly gifts: subscription checkout, renewals, changes, pausing and cancelling."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import stripe

from stripe_emulator.server import EmulatorServer
from tests.stripe_emulator.helpers import api, control

CHECKOUT_EVENTS = [
    "customer.created",
    "customer.subscription.created",
    "invoice.created",
    "invoice.finalized",
    "payment_intent.succeeded",
    "charge.succeeded",
    "invoice.paid",
    "invoice.payment_succeeded",
    "checkout.session.completed",
]


def event_types(server: EmulatorServer) -> list[str]:
    return [event["type"] for event in server.state.events()]


def renew(server: EmulatorServer, subscription_id: str, **fields: str) -> dict[str, Any]:
    response = control(server, f"/subscriptions/{subscription_id}/renew", **fields)
    assert response.status == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_subscription_checkout_creates_billing_objects(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    assert (monthly["status"], monthly["payment_status"]) == ("complete", "paid")
    assert monthly["payment_intent"] is None
    subscription = sdk.v1.subscriptions.retrieve(monthly["subscription"])
    assert subscription.id.startswith("sub_")
    assert subscription.status == "active"
    assert subscription.customer == monthly["customer"]
    assert subscription.metadata.to_dict() == {"pledge_id": "7"}
    assert subscription.latest_invoice == monthly["invoice"]
    item = subscription["items"].data[0]
    assert item.id.startswith("si_")
    assert (item.price.unit_amount, item.price.recurring.interval) == (10000, "month")
    start = datetime.fromtimestamp(item.current_period_start, UTC)
    end = datetime.fromtimestamp(item.current_period_end, UTC)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == 1
    customer = sdk.v1.customers.retrieve(monthly["customer"])
    assert (customer.email, customer.name) == ("monthly@example.com", "Monty Donor")
    assert event_types(server) == CHECKOUT_EVENTS


def test_first_invoice_links_subscription_and_payment(
    sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    invoice = sdk.v1.invoices.retrieve(monthly["invoice"])

    assert invoice.id.startswith("in_")
    assert (invoice.status, invoice.billing_reason) == ("paid", "subscription_create")
    assert (invoice.amount_due, invoice.amount_paid, invoice.amount_remaining) == (10000, 10000, 0)
    assert invoice.parent.type == "subscription_details"
    assert invoice.parent.subscription_details.subscription == monthly["subscription"]
    assert invoice.parent.subscription_details.metadata.to_dict() == {"pledge_id": "7"}
    line = invoice.lines.data[0]
    assert line.parent.subscription_item_details.subscription == monthly["subscription"]
    assert line.amount == 10000
    assert "subscription" not in invoice
    payment = invoice.payments.data[0]
    assert payment.id.startswith("inpay_")
    assert (payment.status, payment.amount_paid) == ("paid", 10000)
    assert payment.payment.type == "payment_intent"
    listed = sdk.v1.invoice_payments.list(params={"invoice": invoice.id})
    assert [p.id for p in listed.data] == [payment.id]
    by_intent = sdk.v1.invoice_payments.list(
        params={
            "payment": {"type": "payment_intent", "payment_intent": payment.payment.payment_intent}
        }
    )
    assert [p.invoice for p in by_intent.data] == [invoice.id]
    other = {"payment": {"type": "payment_intent", "payment_intent": "pi_other"}}
    assert sdk.v1.invoice_payments.list(params=other).data == []
    intent = sdk.v1.payment_intents.retrieve(
        payment.payment.payment_intent, params={"expand": ["latest_charge.balance_transaction"]}
    )
    assert intent.status == "succeeded"
    assert (intent.latest_charge.balance_transaction.fee) == 330


def test_paid_renewal(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    before = sdk.v1.subscriptions.retrieve(monthly["subscription"])["items"].data[0]
    first_events = len(server.state.events())

    invoice = renew(server, monthly["subscription"])

    assert (invoice["object"], invoice["status"]) == ("invoice", "paid")
    assert invoice["billing_reason"] == "subscription_cycle"
    assert invoice["amount_paid"] == 10000
    assert (invoice["period_start"], invoice["period_end"]) == (
        before.current_period_start,
        before.current_period_end,
    )
    assert invoice["lines"]["data"][0]["period"]["start"] == before.current_period_end
    item = sdk.v1.subscriptions.retrieve(monthly["subscription"])["items"].data[0]
    assert item.current_period_start == before.current_period_end
    assert item.current_period_end > item.current_period_start
    assert event_types(server)[first_events:] == [
        "invoice.created",
        "invoice.finalized",
        "payment_intent.succeeded",
        "charge.succeeded",
        "invoice.paid",
        "invoice.payment_succeeded",
        "customer.subscription.updated",
    ]
    updated = server.state.events("customer.subscription.updated")[-1]
    previous = updated["data"]["previous_attributes"]
    assert previous["latest_invoice"] == monthly["invoice"]
    assert previous["items"]["data"][0]["current_period_end"] == before.current_period_end
    invoices = sdk.v1.invoices.list(params={"subscription": monthly["subscription"]})
    assert [i.id for i in invoices.data] == [invoice["id"], monthly["invoice"]]
    assert len(sdk.v1.invoices.list(params={"customer": monthly["customer"]}).data) == 2


def test_failed_renewal_makes_the_subscription_past_due(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    seen = len(server.state.events())

    invoice = renew(server, monthly["subscription"], outcome="failed")

    assert (invoice["status"], invoice["attempt_count"], invoice["amount_paid"]) == ("open", 1, 0)
    assert invoice["next_payment_attempt"] is not None
    subscription = sdk.v1.subscriptions.retrieve(monthly["subscription"])
    assert subscription.status == "past_due"
    assert event_types(server)[seen:] == [
        "invoice.created",
        "invoice.finalized",
        "payment_intent.payment_failed",
        "charge.failed",
        "invoice.payment_failed",
        "customer.subscription.updated",
    ]
    updated = server.state.events("customer.subscription.updated")[-1]
    assert updated["data"]["previous_attributes"]["status"] == "active"

    paid = sdk.v1.invoices.pay(invoice["id"])

    assert paid.status == "paid"
    assert sdk.v1.subscriptions.retrieve(monthly["subscription"]).status == "active"
    [payment] = paid.payments.data
    assert payment.status == "paid"
    assert (
        payment.payment.payment_intent
        == invoice["payments"]["data"][0]["payment"]["payment_intent"]
    )
    assert event_types(server)[-4:] == [
        "charge.succeeded",
        "invoice.paid",
        "invoice.payment_succeeded",
        "customer.subscription.updated",
    ]
    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.invoices.pay(invoice["id"])


def test_renewal_with_a_declining_saved_card_fails(
    server: EmulatorServer, monthly: dict[str, Any]
) -> None:
    method_id = server.state.get(monthly["subscription"])["default_payment_method"]
    server.state.card_numbers[method_id] = "4000000000000341"

    assert renew(server, monthly["subscription"])["status"] == "open"
    assert server.state.get(monthly["subscription"])["status"] == "past_due"


def test_change_amount(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    subscription = sdk.v1.subscriptions.retrieve(monthly["subscription"])
    item = subscription["items"].data[0]

    updated = sdk.v1.subscriptions.update(
        subscription.id,
        params={
            "items": [
                {
                    "id": item.id,
                    "price_data": {
                        "currency": "sek",
                        "unit_amount": 25000,
                        "product": item.price.product,
                        "recurring": {"interval": "month"},
                    },
                }
            ],
            "proration_behavior": "none",
            "metadata": {"changed": "yes"},
        },
    )

    new_price = updated["items"].data[0].price
    assert new_price.id != item.price.id
    assert new_price.unit_amount == 25000
    assert updated.metadata.to_dict() == {"pledge_id": "7", "changed": "yes"}
    event = server.state.events("customer.subscription.updated")[-1]
    previous = event["data"]["previous_attributes"]
    assert previous["items"]["data"][0]["price"]["unit_amount"] == 10000
    assert previous["metadata"] == {"changed": None}
    assert renew(server, subscription.id)["amount_paid"] == 25000


def test_update_with_unknown_item_is_400(sdk: stripe.StripeClient, monthly: dict[str, Any]) -> None:
    with pytest.raises(stripe.InvalidRequestError) as error:
        sdk.v1.subscriptions.update(
            monthly["subscription"], params={"items": [{"id": "si_nope", "quantity": 2}]}
        )
    assert error.value.param == "items[0][id]"


def test_pause_voids_renewals_until_resumed(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    paused = sdk.v1.subscriptions.update(
        monthly["subscription"], params={"pause_collection": {"behavior": "void"}}
    )
    assert paused.pause_collection.behavior == "void"
    intents = len(server.state.all("payment_intent"))

    invoice = renew(server, monthly["subscription"])

    assert invoice["status"] == "void"
    assert len(server.state.all("payment_intent")) == intents
    assert "invoice.voided" in event_types(server)
    resumed = sdk.v1.subscriptions.update(monthly["subscription"], params={"pause_collection": ""})
    assert resumed.pause_collection is None
    event = server.state.events("customer.subscription.updated")[-1]
    assert event["data"]["previous_attributes"]["pause_collection"] == {
        "behavior": "void",
        "resumes_at": None,
    }
    assert renew(server, monthly["subscription"])["status"] == "paid"


def test_cancel_at_period_end_then_renewal_ends_it(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    updated = sdk.v1.subscriptions.update(
        monthly["subscription"], params={"cancel_at_period_end": True}
    )

    assert updated.cancel_at_period_end is True
    assert updated.cancel_at == updated["items"].data[0].current_period_end
    assert updated.status == "active"
    event = server.state.events("customer.subscription.updated")[-1]
    assert event["data"]["previous_attributes"]["cancel_at_period_end"] is False

    ended = renew(server, monthly["subscription"])

    assert (ended["object"], ended["status"]) == ("subscription", "canceled")
    assert ended["ended_at"] == updated.cancel_at
    assert event_types(server)[-1] == "customer.subscription.deleted"


def test_cancel_now(
    server: EmulatorServer, sdk: stripe.StripeClient, monthly: dict[str, Any]
) -> None:
    canceled = sdk.v1.subscriptions.cancel(monthly["subscription"])

    assert canceled.status == "canceled"
    assert canceled.canceled_at is not None
    assert canceled.ended_at is not None
    assert event_types(server)[-1] == "customer.subscription.deleted"
    assert sdk.v1.subscriptions.list(params={"customer": monthly["customer"]}).data == []
    everything = sdk.v1.subscriptions.list(
        params={"customer": monthly["customer"], "status": "all"}
    )
    assert [s.id for s in everything.data] == [monthly["subscription"]]
    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.subscriptions.cancel(monthly["subscription"])
    response = control(server, f"/subscriptions/{monthly['subscription']}/renew")
    assert response.status == 400


def test_list_subscriptions_by_customer(
    sdk: stripe.StripeClient, monthly: dict[str, Any], server: EmulatorServer
) -> None:
    listed = sdk.v1.subscriptions.list(params={"customer": monthly["customer"]})
    assert [s.id for s in listed.data] == [monthly["subscription"]]
    assert sdk.v1.subscriptions.list(params={"customer": "cus_other"}).data == []
    raw = api(
        server, "GET", f"/v1/subscriptions?customer={monthly['customer']}&expand[]=data.customer"
    )
    assert raw.json()["data"][0]["customer"]["email"] == "monthly@example.com"
