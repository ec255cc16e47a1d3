"""Money flowing back out: refunds, disputes and payouts."""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from stripe_emulator.server import EmulatorServer
from tests.stripe_emulator.helpers import control, donation_params, pay


@pytest.fixture
def charge(sdk: stripe.StripeClient, paid_donation: dict[str, Any]) -> stripe.Charge:
    intent = sdk.v1.payment_intents.retrieve(paid_donation["payment_intent"])
    return sdk.v1.charges.retrieve(intent.latest_charge)


# Refunds


def test_full_refund_by_payment_intent(
    server: EmulatorServer, sdk: stripe.StripeClient, charge: stripe.Charge
) -> None:
    refund = sdk.v1.refunds.create(
        params={
            "payment_intent": charge.payment_intent,
            "reason": "requested_by_customer",
            "metadata": {"by": "staff"},
        }
    )

    assert refund.id.startswith("re_")
    assert (refund.amount, refund.status, refund.charge) == (15000, "succeeded", charge.id)
    assert refund.reason == "requested_by_customer"
    assert refund.metadata.to_dict() == {"by": "staff"}
    refunded = sdk.v1.charges.retrieve(charge.id)
    assert (refunded.refunded, refunded.amount_refunded) == (True, 15000)
    assert [r.id for r in refunded.refunds.data] == [refund.id]
    txn = sdk.v1.balance_transactions.retrieve(refund.balance_transaction)
    assert (txn.type, txn.amount, txn.fee, txn.net, txn.source) == (
        "refund",
        -15000,
        0,
        -15000,
        refund.id,
    )
    created, refunded_event = server.state.events()[-2:]
    assert created["type"] == "refund.created"
    assert refunded_event["type"] == "charge.refunded"
    assert refunded_event["data"]["object"]["id"] == charge.id
    previous = refunded_event["data"]["previous_attributes"]
    assert (previous["amount_refunded"], previous["refunded"]) == (0, False)
    assert sdk.v1.refunds.retrieve(refund.id).amount == 15000


def test_partial_refunds_until_nothing_remains(
    sdk: stripe.StripeClient, charge: stripe.Charge
) -> None:
    first = sdk.v1.refunds.create(params={"charge": charge.id, "amount": 5000})
    assert sdk.v1.charges.retrieve(charge.id).refunded is False

    with pytest.raises(stripe.InvalidRequestError) as too_much:
        sdk.v1.refunds.create(params={"charge": charge.id, "amount": 10001})
    assert (too_much.value.code, too_much.value.param) == ("amount_too_large", "amount")
    assert too_much.value.http_status == 400

    rest = sdk.v1.refunds.create(params={"charge": charge.id})
    assert rest.amount == 10000
    after = sdk.v1.charges.retrieve(charge.id)
    assert (after.refunded, after.amount_refunded) == (True, 15000)
    listed = sdk.v1.refunds.list(params={"charge": charge.id})
    assert [r.id for r in listed.data] == [rest.id, first.id]

    with pytest.raises(stripe.InvalidRequestError) as again:
        sdk.v1.refunds.create(params={"charge": charge.id, "amount": 1})
    assert again.value.code == "charge_already_refunded"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "parameter_missing"),
        ({"charge": "ch_missing"}, "resource_missing"),
        ({"payment_intent": "pi_missing"}, "resource_missing"),
    ],
)
def test_refund_needs_an_existing_charge(
    sdk: stripe.StripeClient, params: dict[str, str], code: str
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as error:
        sdk.v1.refunds.create(params=params)
    assert (error.value.http_status, error.value.code) == (400, code)


def test_a_refund_of_the_5126_card_succeeds_then_fails_and_the_money_returns(
    server: EmulatorServer, sdk: stripe.StripeClient
) -> None:
    session = sdk.v1.checkout.sessions.create(params=donation_params())
    intent = sdk.v1.payment_intents.retrieve(
        pay(server, session.id, card="4000000000005126")["payment_intent"]
    )
    count = len(server.state.events())

    refund = sdk.v1.refunds.create(params={"charge": intent.latest_charge, "amount": 5000})

    assert refund.status == "succeeded"
    events = server.state.events()[count:]
    assert [event["type"] for event in events] == [
        "refund.created",
        "charge.refunded",
        "refund.updated",
        "refund.failed",
    ]
    assert events[1]["data"]["object"]["amount_refunded"] == 5000
    updated = events[2]["data"]
    assert updated["previous_attributes"]["status"] == "succeeded"
    failed = events[3]["data"]["object"]
    assert (failed["status"], failed["failure_reason"]) == ("failed", "expired_or_canceled_card")
    returned = sdk.v1.balance_transactions.retrieve(failed["failure_balance_transaction"])
    taken = sdk.v1.balance_transactions.retrieve(failed["balance_transaction"])
    assert (returned.type, returned.reporting_category, returned.source) == (
        "refund_failure",
        "refund_failure",
        refund.id,
    )
    assert returned.amount == -taken.amount == 5000
    charge = sdk.v1.charges.retrieve(intent.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (0, False)
    assert [r.status for r in charge.refunds.data] == ["failed"]
    assert sdk.v1.refunds.retrieve(refund.id).status == "failed"
    # The money is back: the whole charge can still be refunded (and fails again).
    assert sdk.v1.refunds.create(params={"charge": charge.id}).amount == 15000


# Disputes


def _event_types(server: EmulatorServer, count: int) -> list[str]:
    return [event["type"] for event in server.state.events()[-count:]]


def test_dispute_withdraws_amount_and_fee_at_once_and_lost_keeps_them(
    server: EmulatorServer, sdk: stripe.StripeClient, charge: stripe.Charge
) -> None:
    opened = control(server, f"/charges/{charge.id}/dispute", reason="fraudulent")
    assert opened.status == 200
    dispute = opened.json()
    assert dispute["id"].startswith("dp_")
    assert (dispute["status"], dispute["amount"], dispute["charge"]) == (
        "needs_response",
        15000,
        charge.id,
    )
    assert _event_types(server, 2) == ["charge.dispute.created", "charge.dispute.funds_withdrawn"]
    assert server.state.events()[-2]["data"]["object"]["balance_transactions"] == []
    [withdrawal] = dispute["balance_transactions"]
    assert (withdrawal["type"], withdrawal["reporting_category"]) == ("adjustment", "dispute")
    assert (withdrawal["amount"], withdrawal["fee"], withdrawal["net"]) == (-15000, 20000, -35000)
    assert withdrawal["source"] == dispute["id"]
    assert sdk.v1.charges.retrieve(charge.id).disputed is True
    with pytest.raises(stripe.InvalidRequestError) as refused:
        sdk.v1.refunds.create(params={"charge": charge.id})
    assert refused.value.code == "charge_disputed"

    reviewed = control(server, f"/disputes/{dispute['id']}/evidence", text="Receipt").json()
    assert reviewed["status"] == "under_review"
    updated = server.state.events()[-1]
    assert updated["type"] == "charge.dispute.updated"
    assert updated["data"]["previous_attributes"]["status"] == "needs_response"

    closed = control(server, f"/disputes/{dispute['id']}/close", status="lost").json()

    assert closed["status"] == "lost"
    assert len(closed["balance_transactions"]) == 1
    closed_event = server.state.events()[-1]
    assert closed_event["type"] == "charge.dispute.closed"
    assert closed_event["data"]["object"]["status"] == "lost"
    assert sdk.v1.disputes.retrieve(dispute["id"]).status == "lost"
    assert control(server, f"/disputes/{dispute['id']}/close", status="won").status == 400
    assert control(server, f"/disputes/{dispute['id']}/evidence").status == 400


def test_won_dispute_reinstates_the_amount_but_not_the_fee(
    server: EmulatorServer, charge: stripe.Charge
) -> None:
    dispute = control(server, f"/charges/{charge.id}/dispute").json()

    closed = control(server, f"/disputes/{dispute['id']}/close", status="won").json()

    assert closed["status"] == "won"
    assert _event_types(server, 2) == ["charge.dispute.funds_reinstated", "charge.dispute.closed"]
    withdrawal, reinstatement = closed["balance_transactions"]
    assert (reinstatement["amount"], reinstatement["fee"]) == (15000, 0)
    assert reinstatement["reporting_category"] == "dispute_reversal"
    assert withdrawal["net"] + reinstatement["net"] == -20000
    assert control(server, f"/disputes/{dispute['id']}/close", status="maybe").status == 400


# Payouts


def test_payout_settles_unpaid_transactions(
    server: EmulatorServer, sdk: stripe.StripeClient, charge: stripe.Charge
) -> None:
    refund = sdk.v1.refunds.create(params={"charge": charge.id, "amount": 1000})

    response = control(server, "/payouts")

    assert response.status == 200
    [payout] = response.json()["data"]
    assert payout["id"].startswith("po_")
    assert (payout["status"], payout["currency"]) == ("paid", "sek")
    assert payout["amount"] == 14595 - 1000
    assert payout["arrival_date"] > payout["created"]
    assert [event["type"] for event in server.state.events()[-3:]] == [
        "payout.created",
        "payout.paid",
        "payout.reconciliation_completed",
    ]
    assert sdk.v1.payouts.retrieve(payout["id"]).amount == 13595
    settled = sdk.v1.balance_transactions.list(params={"payout": payout["id"]})
    by_type = {txn.type: txn for txn in settled.data}
    assert set(by_type) == {"charge", "refund", "payout"}
    assert by_type["charge"].source == charge.id
    assert by_type["refund"].source == refund.id
    assert by_type["payout"].amount == -13595
    assert sum(txn.net for txn in settled.data if txn.type != "payout") == payout["amount"]

    nothing_left = control(server, "/payouts")
    assert nothing_left.status == 400
    assert nothing_left.json()["error"]["code"] == "balance_insufficient"


def test_failed_payout_returns_the_money_for_the_next_payout(
    server: EmulatorServer, sdk: stripe.StripeClient, charge: stripe.Charge
) -> None:
    [failed] = control(server, "/payouts", outcome="failed").json()["data"]

    assert (failed["status"], failed["failure_code"]) == ("failed", "account_closed")
    assert _event_types(server, 2) == ["payout.created", "payout.failed"]
    failure = sdk.v1.balance_transactions.retrieve(failed["failure_balance_transaction"])
    assert (failure.type, failure.amount) == ("payout_failure", failed["amount"])
    assert sdk.v1.balance_transactions.list(params={"payout": failed["id"]}).data[0].type == (
        "payout"
    )

    [paid] = control(server, "/payouts").json()["data"]
    assert (paid["status"], paid["amount"]) == ("paid", failed["amount"])
    settled = sdk.v1.balance_transactions.list(params={"payout": paid["id"]})
    assert {txn.type for txn in settled.data} == {"charge", "payout"}


def test_eur_charges_settle_into_sek_at_the_exchange_rate(
    server: EmulatorServer, sdk: stripe.StripeClient
) -> None:
    params = donation_params()
    params["line_items"][0]["price_data"].update(currency="eur", unit_amount=2550)
    session = sdk.v1.checkout.sessions.create(params=params)
    paid = pay(server, session.id)
    intent = sdk.v1.payment_intents.retrieve(
        paid["payment_intent"], params={"expand": ["latest_charge.balance_transaction"]}
    )
    txn = intent.latest_charge.balance_transaction
    # €25.50 at 11.2475 = 286.81 kr; the fee €0.63 (1.5 % + €0.25) = 7.09 kr.
    assert (txn.currency, txn.amount, txn.fee, txn.net) == ("sek", 28681, 709, 27972)
    assert txn.exchange_rate == 11.2475

    refund = sdk.v1.refunds.create(params={"charge": intent.latest_charge.id, "amount": 1000})
    refund_txn = sdk.v1.balance_transactions.retrieve(refund.balance_transaction)
    assert (refund_txn.currency, refund_txn.amount) == ("sek", -11248)

    [payout] = control(server, "/payouts").json()["data"]
    assert (payout["currency"], payout["amount"]) == ("sek", 27972 - 11248)


def test_payouts_are_per_currency(
    server: EmulatorServer, sdk: stripe.StripeClient, charge: stripe.Charge
) -> None:
    payouts = control(server, "/payouts", currency="eur")
    assert payouts.status == 400
    assert [p["currency"] for p in control(server, "/payouts", currency="sek").json()["data"]] == [
        "sek"
    ]
