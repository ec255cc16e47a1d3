"""Incoming Stripe objects parsed into typed records (``donations.stripe_records``), on
Stripe's own example objects (``stripe_events.fixture``) and on what Stripe never sends."""

from datetime import UTC, datetime

import pytest
import stripe
from hypothesis import given
from hypothesis import strategies as st

from donations import stripe_records as sr
from tests.donations import stripe_events as se
from tests.donations.strategies import CI_PROFILE, json_objects

Malformed = sr.MalformedStripeObject
NOT_IDS = [None, "", "pi_\x00", "pi_ä", "pi 1", "pi_1;drop", "x" * 256]
NOT_IDS += [12, True, ["pi_1"], {"object": "payment_intent"}]  # expanded, without its id
NOT_AMOUNTS = [None, -1, 2**63, 1.5, "100", True, [100], {"value": 100}]


def at(timestamp):
    return datetime.fromtimestamp(timestamp, tz=UTC)


PARSER_OF = {
    "checkout.session": sr.parse_checkout_session,
    "invoice": sr.parse_invoice,
    "subscription": sr.parse_subscription,
    "refund": sr.parse_refund,
}


@pytest.mark.parametrize("name", PARSER_OF)
@pytest.mark.parametrize("object_id", [*NOT_IDS, {"id": None}])
def test_an_object_without_an_id_of_stripes_shape_is_malformed(name, object_id):
    with pytest.raises(Malformed):
        PARSER_OF[name](se.fixture(name, id=object_id))


@pytest.mark.parametrize(("name", "field"), [("invoice", "amount_paid"), ("refund", "amount")])
@pytest.mark.parametrize("amount", NOT_AMOUNTS)
def test_an_amount_that_is_not_minor_units_is_malformed(name, field, amount):
    with pytest.raises(Malformed, match="amount"):
        PARSER_OF[name](se.fixture(name, **{field: amount}))


# --- The event envelope -------------------------------------------------------------


def test_the_example_event_envelope():
    example = se.fixture("event")
    envelope = sr.parse_envelope(example)
    assert envelope == sr.EventEnvelope(
        id=example["id"], type="plan.created", api_version="", livemode=False
    )
    assert sr.event_object(example) is example["data"]["object"]
    assert sr.event_created(example) == at(example["created"])


def test_an_event_of_ours_carries_the_pinned_version_and_live_mode():
    evt = se.event("invoice.paid", {}, livemode=True)
    envelope = sr.parse_envelope(evt)
    assert (envelope.type, envelope.livemode) == ("invoice.paid", True)
    assert envelope.api_version == str(stripe.api_version)


def test_event_ids_of_up_to_64_characters_are_taken():
    assert sr.parse_envelope(se.event("invoice.paid", {}, id="e" * 64)).id == "e" * 64


@pytest.mark.parametrize(
    "event_id",
    ["e" * 65, "evt_\x00", "\x00", "evt_1\n", "evt_é", "evt-1", "", None, 7, ["evt_1"]],
)
def test_event_ids_of_another_shape_are_refused(event_id):
    with pytest.raises(Malformed, match="event id"):
        sr.parse_envelope(se.event("invoice.paid", {}, id=event_id))
    with pytest.raises(Malformed, match="event id"):
        sr.parse_envelope({"type": "invoice.paid"})


@pytest.mark.parametrize(
    "event_type",
    ["", "Invoice.paid", "invoice paid", "invoice.paid\x00", "faktura.betald.ö", "a" * 101, 3],
)
def test_event_types_of_another_shape_are_refused(event_type):
    with pytest.raises(Malformed, match="event type"):
        sr.parse_envelope(se.event("invoice.paid", {}, type=event_type))


@pytest.mark.parametrize("version", ["2019-01-01", "2025-03-31.basil", "v_1"])
def test_api_versions_of_stripes_shape_are_kept(version):
    evt = se.event("invoice.paid", {}, api_version=version)
    assert sr.parse_envelope(evt).api_version == version


@pytest.mark.parametrize("version", [None, "", 0, False])
def test_an_event_without_an_api_version_has_an_empty_one(version):
    assert sr.parse_envelope(se.event("invoice.paid", {}, api_version=version)).api_version == ""


@pytest.mark.parametrize("version", ["2019 01 01", "2019-01-01\x00", "v" * 41, 2019, ["2019"]])
def test_api_versions_of_another_shape_are_refused(version):
    with pytest.raises(Malformed, match="API version"):
        sr.parse_envelope(se.event("invoice.paid", {}, api_version=version))


@pytest.mark.parametrize("data", [None, [], {}, {"object": None}, {"object": ["x"]}, "object"])
def test_an_event_without_an_object_is_malformed(data):
    with pytest.raises(Malformed, match=r"data\.object"):
        sr.event_object(se.event("invoice.paid", {}, data=data))


@pytest.mark.parametrize("created", [None, "1234567890", 1.5, True, 10**20, -(10**20)])
def test_a_creation_time_that_is_not_a_timestamp_is_unknown(created):
    assert sr.event_created({"created": created}) is None


# --- Checkout Sessions --------------------------------------------------------------


def test_the_example_checkout_session():
    example = se.fixture("checkout.session")
    assert sr.parse_checkout_session(example) == sr.CheckoutSession(
        id=example["id"],
        reference=None,
        mode="payment",
        paid=False,
        payment_intent_id=example["payment_intent"],
        subscription_id=None,
        customer_id=None,
    )


def test_a_paid_subscription_session_with_its_reference():
    session = sr.parse_checkout_session(
        se.fixture(
            "checkout.session",
            client_reference_id="4b1e0a1c-0000-4000-8000-000000000001",
            mode="subscription",
            payment_status="paid",
            payment_intent=None,
            subscription="sub_1",
            customer="cus_1",
        )
    )
    assert session.reference == "4b1e0a1c-0000-4000-8000-000000000001"
    assert (session.mode, session.paid) == ("subscription", True)
    assert session.payment_intent_id is None
    assert (session.subscription_id, session.customer_id) == ("sub_1", "cus_1")


def test_the_reference_falls_back_to_the_metadata():
    session = se.fixture("checkout.session", metadata={"checkout_intent_id": "ref-1"})
    assert sr.parse_checkout_session(session).reference == "ref-1"


def test_expanded_objects_give_their_ids():
    payment_intent, customer = se.fixture("payment_intent"), se.fixture("customer")
    subscription = se.fixture("subscription")
    session = sr.parse_checkout_session(
        se.fixture(
            "checkout.session",
            payment_intent=payment_intent,
            customer=customer,
            subscription=subscription,
        )
    )
    assert session.payment_intent_id == payment_intent["id"]
    assert session.customer_id == customer["id"]
    assert session.subscription_id == subscription["id"]


def test_a_session_without_a_mode_is_a_payment():
    session = se.fixture("checkout.session")
    del session["mode"]
    assert sr.parse_checkout_session(session).mode == "payment"


@pytest.mark.parametrize("field", ["payment_intent", "subscription", "customer"])
@pytest.mark.parametrize("value", ["x_\x00", "x" * 65, "x_ö", 5, {"id": "x\x00"}])
def test_linked_ids_of_another_shape_are_refused(field, value):
    """Linked ids fit the 64-character columns they are stored in."""
    with pytest.raises(Malformed):
        sr.parse_checkout_session(se.fixture("checkout.session", **{field: value}))


def test_session_ids_of_up_to_255_characters_are_taken():
    session = sr.parse_checkout_session(se.fixture("checkout.session", id="cs_" + "a" * 252))
    assert len(session.id) == 255


# --- Invoices -----------------------------------------------------------------------


def test_the_example_invoice():
    example = se.fixture("invoice")
    assert sr.parse_invoice(example) == sr.Invoice(
        id=example["id"],
        subscription_id=example["parent"]["subscription_details"]["subscription"],
        reference=None,
        amount_paid_minor=example["amount_paid"],
        amount_due_minor=example["amount_due"],
        currency=example["currency"].upper(),
        opens_subscription=False,
        period_end=at(example["lines"]["data"][0]["period"]["end"]),
    )


def test_the_first_invoice_of_a_subscription_names_its_checkout():
    invoice = se.fixture(
        "invoice",
        amount_paid=10000,
        billing_reason="subscription_create",
        parent={
            "type": "subscription_details",
            "subscription_details": {
                "subscription": se.fixture("subscription"),
                "metadata": {"checkout_intent_id": "ref-2"},
            },
        },
    )
    record = sr.parse_invoice(invoice)
    assert record.subscription_id == se.fixture("subscription")["id"]
    assert (record.reference, record.amount_paid_minor) == ("ref-2", 10000)
    assert record.opens_subscription


@pytest.mark.parametrize("parent", [None, {}, {"subscription_details": None}, "sub_1"])
def test_an_invoice_outside_a_subscription_has_no_subscription(parent):
    assert sr.parse_invoice(se.fixture("invoice", parent=parent)).subscription_id is None


@pytest.mark.parametrize("lines", [None, {}, {"data": []}, {"data": [None]}, {"data": 5}])
def test_an_invoice_without_lines_has_no_period_end(lines):
    assert sr.parse_invoice(se.fixture("invoice", lines=lines)).period_end is None


@pytest.mark.parametrize("currency", [None, "", "kronor", 752, "s3k"])
def test_an_invoice_currency_of_another_shape_is_left_empty(currency):
    assert sr.parse_invoice(se.fixture("invoice", currency=currency)).currency == ""


# --- Subscriptions ------------------------------------------------------------------


def test_the_example_subscription():
    example = se.fixture("subscription")
    item = example["items"]["data"][0]
    assert sr.parse_subscription(example) == sr.Subscription(
        id=example["id"],
        reference=None,
        status="active",
        collection_paused=True,  # the example pauses collection
        pause_resumes_at=None,  # until resumed
        customer_id=example["customer"],
        current_period_end=at(item["current_period_end"]),
        amount_minor=item["price"]["unit_amount"],
        ends_at=at(example["cancel_at"]),  # the example is set to cancel
    )


def test_a_cancellation_at_the_period_end_without_cancel_at_ends_with_the_period():
    subscription = se.fixture("subscription", cancel_at=None, cancel_at_period_end=True)
    period_end = subscription["items"]["data"][0]["current_period_end"]
    assert sr.parse_subscription(subscription).ends_at == at(period_end)


def test_a_subscription_not_set_to_cancel_has_no_end():
    subscription = se.fixture("subscription", cancel_at=None, cancel_at_period_end=False)
    assert sr.parse_subscription(subscription).ends_at is None


def test_a_subscription_of_ours_with_an_expanded_customer():
    subscription = se.fixture(
        "subscription",
        metadata={"checkout_intent_id": "ref-3"},
        pause_collection=None,
        customer=se.fixture("customer"),
        status="past_due",
    )
    record = sr.parse_subscription(subscription)
    assert (record.reference, record.status) == ("ref-3", "past_due")
    assert not record.collection_paused
    assert record.customer_id == se.fixture("customer")["id"]


@pytest.mark.parametrize("unit_amount", [None, -5, "2000", 20.0, True])
def test_a_price_that_is_not_minor_units_leaves_the_amount_unknown(unit_amount):
    subscription = se.fixture("subscription")
    subscription["items"]["data"][0]["price"]["unit_amount"] = unit_amount
    assert sr.parse_subscription(subscription).amount_minor is None


@pytest.mark.parametrize("items", [None, {}, {"data": []}, {"data": ["si_1"]}, {"data": 7}])
def test_a_subscription_without_items_has_no_amount_or_period(items):
    record = sr.parse_subscription(se.fixture("subscription", items=items))
    assert (record.amount_minor, record.current_period_end) == (None, None)


# --- Refunds and charges ------------------------------------------------------------


def test_the_example_refund():
    example = se.fixture("refund")
    assert sr.parse_refund(example) == sr.Refund(
        id=example["id"],
        amount_minor=example["amount"],
        currency=example["currency"].upper(),
        status="succeeded",
        reason="",
        charge_id=example["charge"],
        payment_intent_id=None,
    )


def test_a_refund_reason_comes_from_our_metadata_first_and_is_cut_to_fit():
    refund = se.fixture("refund", reason="requested_by_customer")
    assert sr.parse_refund(refund).reason == "requested_by_customer"
    refund["metadata"] = {"reason": "Ångrade sig " + "x" * 300}
    assert sr.parse_refund(refund).reason == ("Ångrade sig " + "x" * 300)[:255]


def test_a_refund_with_expanded_charge_and_payment_intent():
    charge, payment_intent = se.fixture("charge"), se.fixture("payment_intent")
    refund = sr.parse_refund(se.fixture("refund", charge=charge, payment_intent=payment_intent))
    assert (refund.charge_id, refund.payment_intent_id) == (charge["id"], payment_intent["id"])


def test_the_example_charge():
    example = se.fixture("charge")
    assert sr.parse_charge(example) == sr.Charge(
        id=example["id"], payment_intent_id=None, amount_refunded_minor=0, refunds=()
    )


def test_a_refunded_charge_lists_its_refunds():
    refund = se.fixture("refund", id="re_1", amount=5000)
    charge = se.fixture(
        "charge",
        payment_intent=se.fixture("payment_intent"),
        amount_refunded=5000,
        refunds={"object": "list", "data": [refund, "re_2", None]},
    )
    record = sr.parse_charge(charge)
    assert record.payment_intent_id == se.fixture("payment_intent")["id"]
    assert record.amount_refunded_minor == 5000
    assert [(r.id, r.amount_minor) for r in record.refunds] == [("re_1", 5000)]


@pytest.mark.parametrize("refunds", [None, {}, {"data": None}, {"data": 3}, {"data": True}])
def test_a_charge_without_a_list_of_refunds_has_none(refunds):
    assert sr.parse_charge(se.fixture("charge", refunds=refunds)).refunds == ()


def test_a_charge_without_a_refunded_amount_has_refunded_nothing():
    charge = se.fixture("charge", id=None)
    del charge["amount_refunded"]
    assert (sr.parse_charge(charge).id, sr.parse_charge(charge).amount_refunded_minor) == (None, 0)


@pytest.mark.parametrize("amount", [-1, 1.5, "100", True])
def test_a_refunded_amount_that_is_not_minor_units_is_malformed(amount):
    with pytest.raises(Malformed, match="amount"):
        sr.parse_charge(se.fixture("charge", amount_refunded=amount))


def test_a_malformed_refund_inside_a_charge_makes_the_charge_malformed():
    refund = se.fixture("refund", amount="5000")
    with pytest.raises(Malformed, match="amount"):
        sr.parse_charge(se.fixture("charge", refunds={"data": [refund]}))


# --- Whatever the shape: a record or MalformedStripeObject ---------------------------

PARSERS = {
    sr.parse_checkout_session: ("checkout.session", sr.CheckoutSession),
    sr.parse_invoice: ("invoice", sr.Invoice),
    sr.parse_subscription: ("subscription", sr.Subscription),
    sr.parse_refund: ("refund", sr.Refund),
    sr.parse_charge: ("charge", sr.Charge),
}


def outcome(parse, payload):
    try:
        return parse(payload)
    except Malformed as refused:
        return refused


@CI_PROFILE
@given(parser=st.sampled_from(list(PARSERS)), data=st.data())
def test_any_payload_gives_a_record_or_malformed_never_another_error(parser, data):
    """Stripe's examples with fields replaced by arbitrary JSON, and arbitrary objects."""
    example, record = PARSERS[parser]
    payload = data.draw(
        st.one_of(json_objects(), json_objects(base=se.fixture(example))), label="payload"
    )
    assert isinstance(outcome(parser, payload), record | Malformed)
    assert isinstance(outcome(sr.parse_envelope, payload), sr.EventEnvelope | Malformed)
    assert isinstance(outcome(sr.event_object, payload), dict | Malformed)
    assert isinstance(sr.event_created(payload), datetime | None)
