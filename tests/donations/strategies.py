"""Hypothesis strategies for what Stripe might send us (and what it never would), and the
settings the property tests run with in CI."""

import copy
import hashlib
import json
import string
from typing import Any

import stripe
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from donations.webhooks.handlers import EVENT_HANDLERS
from tests.donations import stripe_events as se

# Reproducible and bounded: the same examples on every run (until the test or Hypothesis
# changes), no example database written into the checkout, no per-example deadline (a
# webhook delivery runs the whole ledger), and few enough examples for a few seconds.
CI_PROFILE = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

DELETE = object()  # a field left out altogether

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=10,
)

ID_CHARACTERS = string.ascii_letters + string.digits + "_"
ODD_TEXT = ["", "\x00", "evt_\x00", "\ud800", "é", " ", "\n", "e" * 64, "e" * 65, "x" * 300]


def ids(prefix: str = "evt") -> st.SearchStrategy[Any]:
    """Ids of Stripe's shape, too long ones, ones with NUL or any unicode, and non-strings."""
    return st.one_of(
        st.from_regex(rf"{prefix}_[A-Za-z0-9]{{1,40}}", fullmatch=True),
        st.text(alphabet=ID_CHARACTERS, min_size=60, max_size=300),
        st.tuples(st.text(max_size=10), st.text(max_size=10)).map("\x00".join),
        st.text(max_size=80),
        st.sampled_from(ODD_TEXT),
        scalars,
    )


def field_values(references: tuple[str, ...] = ()) -> st.SearchStrategy[Any]:
    """What a field might hold: values our handlers branch on, odd ones, anything."""
    return st.one_of(
        st.sampled_from(
            [
                *references,
                "paid",
                "unpaid",
                "payment",
                "subscription",
                "subscription_create",
                "subscription_cycle",
                "active",
                "canceled",
                "succeeded",
                "sek",
                "eur",
                0,
                -1,
                2500,
                2**63,
                DELETE,
            ]
        ),
        ids("pi"),
        json_values,
    )


# The fields the parsers read, as paths into an object (ints index into lists).
PATHS = [
    ("id",),
    ("client_reference_id",),
    ("metadata",),
    ("metadata", "checkout_intent_id"),
    ("metadata", "reason"),
    ("mode",),
    ("payment_status",),
    ("payment_intent",),
    ("payment_intent", "id"),
    ("subscription",),
    ("customer",),
    ("parent",),
    ("parent", "subscription_details"),
    ("parent", "subscription_details", "subscription"),
    ("parent", "subscription_details", "metadata", "checkout_intent_id"),
    ("lines",),
    ("lines", "data"),
    ("lines", "data", 0),
    ("lines", "data", 0, "period", "end"),
    ("amount_paid",),
    ("currency",),
    ("billing_reason",),
    ("items",),
    ("items", "data"),
    ("items", "data", 0),
    ("items", "data", 0, "price", "unit_amount"),
    ("items", "data", 0, "current_period_end"),
    ("status",),
    ("pause_collection",),
    ("amount",),
    ("charge",),
    ("reason",),
    ("refunds",),
    ("refunds", "data"),
    ("refunds", "data", 0, "amount"),
    ("amount_refunded",),
]


def set_path(obj: Any, path: tuple[Any, ...], value: Any) -> None:
    """Set (or, with ``DELETE``, remove) the field at ``path``, making dicts on the way."""
    *parents, last = path
    for key in parents:
        if isinstance(obj, dict):
            if not isinstance(obj.get(key), dict | list):
                obj[key] = {}
            obj = obj[key]
        elif isinstance(obj, list) and isinstance(key, int) and key < len(obj):
            obj = obj[key]
        else:
            return
    if isinstance(obj, dict) and not isinstance(last, int):
        if value is DELETE:
            obj.pop(last, None)
        else:
            obj[last] = value
    elif isinstance(obj, list) and isinstance(last, int) and last < len(obj):
        obj[last] = None if value is DELETE else value


@st.composite
def json_objects(draw, base: dict | None = None, references: tuple[str, ...] = ()) -> dict:
    """``base`` (say, one of Stripe's example objects) with some of the fields the parsers
    read replaced, removed or given another type; without a base, an object of such fields."""
    obj = copy.deepcopy(base) if base is not None else {}
    for path in draw(st.lists(st.sampled_from(PATHS), max_size=6 if base else 10)):
        set_path(obj, path, draw(field_values(references)))
    return obj


HANDLED_TYPES = sorted(EVENT_HANDLERS)


def example_for(event_type: Any, reference: str | None) -> dict | None:
    """Stripe's example object for a type we handle, made out as ours would be: naming
    the checkout ``reference``, paid, in SEK, and about one payment and one subscription
    (so that a refund can find the gift a session recorded)."""
    if not isinstance(event_type, str):
        return None
    payment_intent = se.fixture("checkout.session")["payment_intent"]
    metadata = {"checkout_intent_id": reference}
    if event_type.startswith("checkout.session."):
        return se.fixture(
            "checkout.session",
            client_reference_id=reference,
            metadata=metadata,
            payment_status="paid",
            amount_total=10000,
            currency="sek",
        )
    if event_type.startswith("invoice."):
        return se.fixture(
            "invoice",
            amount_paid=10000,
            currency="sek",
            billing_reason="subscription_create",
            status="paid",
            parent={
                "type": "subscription_details",
                "subscription_details": {"subscription": "sub_fuzz", "metadata": metadata},
            },
        )
    if event_type.startswith("customer.subscription."):
        return se.fixture("subscription", id="sub_fuzz", metadata=metadata, currency="sek")
    if event_type == "charge.refunded":
        return se.fixture(
            "charge", payment_intent=payment_intent, amount=10000, amount_refunded=2500
        )
    if event_type.startswith("refund."):
        return se.fixture("refund", payment_intent=payment_intent, amount=2500, currency="sek")
    return None


@st.composite
def event_bodies(draw, references: tuple[str, ...] = ()) -> Any:
    """A JSON event of any shape. Half are addressed as Stripe would (an id of Stripe's
    shape, a type we handle, the pinned API version), so that their ``data.object`` of
    random shape reaches the handlers; the rest have ids of every shape (too long, with
    NUL, any unicode, not text), unknown or odd types and another API version or none."""
    addressed = draw(st.booleans(), label="addressed as Stripe would")
    if addressed:
        event_id = None  # named after its content below: a new body is a new event
        event_type = draw(st.sampled_from(HANDLED_TYPES))
        api_version: Any = str(stripe.api_version)
    else:
        event_id = draw(ids())
        event_type = draw(
            st.one_of(
                st.sampled_from([*HANDLED_TYPES, "customer.created", "product.created"]),
                st.text(max_size=30),
                scalars,
            )
        )
        api_version = draw(
            st.one_of(
                st.just(str(stripe.api_version)),
                st.sampled_from([None, "2019-01-01", DELETE]),
                st.text(max_size=45),
                scalars,
            )
        )
    example = example_for(event_type, draw(st.sampled_from([*references, None])))
    obj = draw(
        st.one_of(
            json_objects(base=example, references=references),
            json_objects(references=references),
            json_values,
        )
    )
    body = {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "api_version": api_version,
        "created": draw(st.one_of(st.integers(min_value=-(2**40), max_value=2**40), scalars)),
        "livemode": draw(json_values),
        "data": draw(st.one_of(st.fixed_dictionaries({"object": st.just(obj)}), json_values)),
    }
    body = {key: value for key, value in body.items() if value is not DELETE}
    if addressed:
        body["id"] = "evt_" + hashlib.sha256(encode(body)).hexdigest()[:40]
    return body


def encode(body: Any, *, ascii_only: bool = True) -> bytes:
    """JSON as Stripe sends it; ``ascii_only=False`` writes unicode (and lone surrogates,
    which make the body invalid UTF-8) as it is."""
    return json.dumps(body, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
