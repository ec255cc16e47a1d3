"""The Stripe API endpoints (``/v1/...``) the emulator implements."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from fnmatch import fnmatchcase
from typing import Any

from stripe_emulator import billing, checkout, objects, payments
from stripe_emulator.core import Emulator
from stripe_emulator.errors import invalid_request
from stripe_emulator.forms import (
    ANY,
    check_known,
    list_param,
    merge_metadata,
    require,
    str_param,
)
from stripe_emulator.listing import expand, paginate
from stripe_emulator.objects import Obj
from stripe_emulator.web import Request, Response, Router, json_response

Filter = Callable[[Obj], Any]

CUSTOMER_PARAMS: dict[str, Any] = {
    name: ANY
    for name in [
        "address",
        "balance",
        "business_name",
        "cash_balance",
        "default_source",
        "description",
        "email",
        "expand",
        "individual_name",
        "invoice_prefix",
        "invoice_settings",
        "metadata",
        "name",
        "next_invoice_sequence",
        "payment_method",
        "phone",
        "preferred_locales",
        "shipping",
        "source",
        "tax",
        "tax_exempt",
        "tax_id_data",
        "test_clock",
        "validate",
    ]
}
PORTAL_PARAMS: dict[str, Any] = {
    name: ANY
    for name in [
        "after_expiration",
        "configuration",
        "customer",
        "customer_account",
        "expand",
        "flow_data",
        "locale",
        "on_behalf_of",
        "return_url",
    ]
}
REFUND_PARAMS: dict[str, Any] = {
    name: ANY
    for name in [
        "amount",
        "charge",
        "currency",
        "customer",
        "expand",
        "instructions_email",
        "metadata",
        "origin",
        "payment_intent",
        "reason",
        "refund_application_fee",
        "reverse_transfer",
    ]
}


def _by(*path: str) -> Filter:
    """A filter reading a nested field, e.g. ``_by("payment", "payment_intent")``."""

    def read(obj: Obj) -> Any:
        value: Any = obj
        for key in path:
            if isinstance(value, list):
                value = value[int(key)] if value else None
            else:
                value = value.get(key) if isinstance(value, Mapping) else None
        return value

    return read


def render(emu: Emulator, request: Request, obj: Obj) -> Response:
    return json_response(expand(emu, obj, request.params))


def retrieve(object_type: str) -> Callable[..., Response]:
    """A ``GET /v1/<things>/{id}`` handler."""

    def handler(emu: Emulator, request: Request, id: str) -> Response:
        return render(emu, request, emu.store.fetch(object_type, id))

    return handler


def lister(
    object_type: str,
    url: str,
    filters: Mapping[str, Filter],
    include: Callable[[Obj, Mapping[str, Any]], bool] | None = None,
) -> Callable[..., Response]:
    """A ``GET /v1/<things>`` handler.

    Each filter param given must match ``filters[param](obj)`` (a hash param such as
    ``payment[payment_intent]`` matches on the keys given); ``include`` can narrow further.
    """

    def handler(emu: Emulator, request: Request) -> Response:
        wanted = {name: request.params[name] for name in filters if name in request.params}
        matching = [
            obj
            for obj in emu.store.all(object_type)
            if all(_matches(filters[name](obj), value) for name, value in wanted.items())
            and (include is None or include(obj, request.params))
        ]
        return json_response(paginate(emu, matching, request.params, url))

    return handler


def _matches(actual: Any, wanted: Any) -> bool:
    if isinstance(wanted, Mapping):
        return isinstance(actual, Mapping) and all(
            _matches(actual.get(key), value) for key, value in wanted.items()
        )
    return bool(actual == wanted)


# Checkout


def create_checkout_session(emu: Emulator, request: Request) -> Response:
    return render(emu, request, checkout.create_session(emu, request.params))


def get_checkout_session(emu: Emulator, request: Request, id: str) -> Response:
    session = emu.store.fetch("checkout.session", id)
    checkout.expire_if_due(emu, session)
    return render(emu, request, session)


_list_sessions = lister(
    "checkout.session",
    "/v1/checkout/sessions",
    {
        "customer": _by("customer"),
        "payment_intent": _by("payment_intent"),
        "status": _by("status"),
        "subscription": _by("subscription"),
    },
)


def list_checkout_sessions(emu: Emulator, request: Request) -> Response:
    for session in emu.store.all("checkout.session"):
        checkout.expire_if_due(emu, session)
    return _list_sessions(emu, request)


def expire_checkout_session(emu: Emulator, request: Request, id: str) -> Response:
    session = emu.store.fetch("checkout.session", id)
    checkout.expire_if_due(emu, session)
    return render(emu, request, checkout.expire(emu, session))


def list_session_line_items(emu: Emulator, request: Request, id: str) -> Response:
    session = emu.store.fetch("checkout.session", id)
    url = f"/v1/checkout/sessions/{id}/line_items"
    items = checkout.line_items(emu, session)
    return json_response(paginate(emu, items, request.params, url, newest_first=False))


# Customers


def create_customer(emu: Emulator, request: Request) -> Response:
    check_known(request.params, CUSTOMER_PARAMS)
    customer = objects.customer(None, None)
    _apply_customer_params(emu, customer, request.params)
    emu.store.add(customer)
    emu.emit("customer.created", customer)
    return render(emu, request, customer)


def update_customer(emu: Emulator, request: Request, id: str) -> Response:
    check_known(request.params, CUSTOMER_PARAMS)
    customer = emu.store.fetch("customer", id)
    before = copy.deepcopy(customer)
    _apply_customer_params(emu, customer, request.params)
    if customer != before:
        emu.emit("customer.updated", customer, before)
    return render(emu, request, customer)


def delete_customer(emu: Emulator, request: Request, id: str) -> Response:
    """Cancel the customer's live subscriptions (``customer.subscription.deleted`` each),
    then forget the customer (``customer.deleted``); Stripe answers with a deleted stub."""
    customer = emu.store.fetch("customer", id)
    for subscription in billing.live_subscriptions(emu, id):
        billing.cancel(emu, subscription, {})
    emu.emit("customer.deleted", customer)
    return json_response(emu.store.delete(customer))


def get_customer(emu: Emulator, request: Request, id: str) -> Response:
    """A deleted customer is still retrievable, as its deleted stub."""
    stub = emu.store.deleted.get(id)
    return json_response(stub) if stub else render(emu, request, emu.store.fetch("customer", id))


def _apply_customer_params(emu: Emulator, customer: Obj, params: Mapping[str, Any]) -> None:
    for field in ("email", "name", "description", "phone"):
        if field in params:
            customer[field] = str_param(params, field) or None
    if "preferred_locales" in params:
        customer["preferred_locales"] = list_param(params, "preferred_locales")
    customer["metadata"] = merge_metadata(customer["metadata"], params.get("metadata"))
    settings = params.get("invoice_settings")
    if isinstance(settings, Mapping) and "default_payment_method" in settings:
        method_id = settings["default_payment_method"] or None
        if method_id:
            label = "invoice_settings[default_payment_method]"
            emu.store.fetch("payment_method", method_id, param=label)
        customer["invoice_settings"]["default_payment_method"] = method_id


# Subscriptions and invoices


def _subscription_status_matches(obj: Obj, params: Mapping[str, Any]) -> bool:
    """Like Stripe, lists every status except ``canceled`` unless ``status`` says otherwise."""
    status = params.get("status")
    if status is None:
        return bool(obj["status"] != "canceled")
    return bool(status == "all" or obj["status"] == status)


def update_subscription(emu: Emulator, request: Request, id: str) -> Response:
    subscription = emu.store.fetch("subscription", id)
    return render(emu, request, billing.update(emu, subscription, request.params))


def cancel_subscription(emu: Emulator, request: Request, id: str) -> Response:
    subscription = emu.store.fetch("subscription", id)
    return render(emu, request, billing.cancel(emu, subscription, request.params))


def pay_invoice(emu: Emulator, request: Request, id: str) -> Response:
    invoice = emu.store.fetch("invoice", id)
    return render(emu, request, billing.pay_invoice(emu, invoice, request.params))


def list_invoice_lines(emu: Emulator, request: Request, id: str) -> Response:
    invoice = emu.store.fetch("invoice", id)
    url = f"/v1/invoices/{id}/lines"
    lines = invoice["lines"]["data"]
    return json_response(paginate(emu, lines, request.params, url, newest_first=False))


# Refunds, balance, events


def create_refund(emu: Emulator, request: Request) -> Response:
    check_known(request.params, REFUND_PARAMS)
    return render(emu, request, payments.create_refund(emu, request.params))


def list_balance_transactions(emu: Emulator, request: Request) -> Response:
    """Supports ``payout=po_...``: the transactions that payout settled, and the payout's own."""
    params = request.params
    transactions = emu.store.all("balance_transaction")
    payout_id = str_param(params, "payout")
    if payout_id:
        payout = emu.store.fetch("payout", payout_id, param="payout")
        included = {*emu.store.payout_transactions[payout_id], payout["balance_transaction"]}
        transactions = [txn for txn in transactions if txn["id"] in included]
    for field in ("currency", "source", "type"):
        value = str_param(params, field)
        if value:
            transactions = [txn for txn in transactions if txn[field] == value]
    return json_response(paginate(emu, transactions, params, "/v1/balance_transactions"))


def list_events(emu: Emulator, request: Request) -> Response:
    """Filters by ``type`` (``*`` wildcards allowed, e.g. ``invoice.*``) or ``types[]``."""
    patterns = list_param(request.params, "types") or list_param(request.params, "type")
    events = [
        event
        for event in emu.store.all("event")
        if not patterns or any(fnmatchcase(event["type"], pattern) for pattern in patterns)
    ]
    return json_response(paginate(emu, events, request.params, "/v1/events"))


def create_portal_session(emu: Emulator, request: Request) -> Response:
    params = request.params
    check_known(params, PORTAL_PARAMS)
    customer_id = str(require(params, "customer"))
    emu.store.fetch("customer", customer_id, param="customer")
    return_url = str_param(params, "return_url")
    if return_url is not None and not return_url.startswith(("http://", "https://")):
        raise invalid_request("Not a valid URL", param="return_url", code="url_invalid")
    session = objects.portal_session(
        customer_id, return_url, emu.store.portal_configuration, emu.url("/portal/")
    )
    session["locale"] = str_param(params, "locale")
    return render(emu, request, emu.store.add(session))


def register(router: Router) -> None:
    add = router.add
    add("POST", "/v1/checkout/sessions", create_checkout_session)
    add("GET", "/v1/checkout/sessions", list_checkout_sessions)
    add("GET", "/v1/checkout/sessions/{id}", get_checkout_session)
    add("POST", "/v1/checkout/sessions/{id}/expire", expire_checkout_session)
    add("GET", "/v1/checkout/sessions/{id}/line_items", list_session_line_items)

    add("POST", "/v1/customers", create_customer)
    add("GET", "/v1/customers", lister("customer", "/v1/customers", {"email": _by("email")}))
    add("GET", "/v1/customers/{id}", get_customer)
    add("POST", "/v1/customers/{id}", update_customer)
    add("DELETE", "/v1/customers/{id}", delete_customer)

    add("GET", "/v1/payment_intents/{id}", retrieve("payment_intent"))
    add(
        "GET",
        "/v1/payment_intents",
        lister("payment_intent", "/v1/payment_intents", {"customer": _by("customer")}),
    )
    add("GET", "/v1/payment_methods/{id}", retrieve("payment_method"))
    add("GET", "/v1/charges/{id}", retrieve("charge"))
    add(
        "GET",
        "/v1/charges",
        lister(
            "charge",
            "/v1/charges",
            {"payment_intent": _by("payment_intent"), "customer": _by("customer")},
        ),
    )
    add("GET", "/v1/balance_transactions/{id}", retrieve("balance_transaction"))
    add("GET", "/v1/balance_transactions", list_balance_transactions)
    add("GET", "/v1/prices/{id}", retrieve("price"))
    add("GET", "/v1/products/{id}", retrieve("product"))

    add(
        "GET",
        "/v1/subscriptions",
        lister(
            "subscription",
            "/v1/subscriptions",
            {"customer": _by("customer"), "price": _by("items", "data", "0", "price", "id")},
            include=_subscription_status_matches,
        ),
    )
    add("GET", "/v1/subscriptions/{id}", retrieve("subscription"))
    add("POST", "/v1/subscriptions/{id}", update_subscription)
    add("DELETE", "/v1/subscriptions/{id}", cancel_subscription)

    add("GET", "/v1/invoices/{id}", retrieve("invoice"))
    add(
        "GET",
        "/v1/invoices",
        lister(
            "invoice",
            "/v1/invoices",
            {
                "customer": _by("customer"),
                "status": _by("status"),
                "subscription": _by("parent", "subscription_details", "subscription"),
            },
        ),
    )
    add("GET", "/v1/invoices/{id}/lines", list_invoice_lines)
    add("POST", "/v1/invoices/{id}/pay", pay_invoice)
    add("GET", "/v1/invoice_payments/{id}", retrieve("invoice_payment"))
    add(
        "GET",
        "/v1/invoice_payments",
        lister(
            "invoice_payment",
            "/v1/invoice_payments",
            {
                "invoice": _by("invoice"),
                "status": _by("status"),
                "payment": _by("payment"),
            },
        ),
    )

    add("POST", "/v1/refunds", create_refund)
    add("GET", "/v1/refunds/{id}", retrieve("refund"))
    add(
        "GET",
        "/v1/refunds",
        lister(
            "refund",
            "/v1/refunds",
            {"charge": _by("charge"), "payment_intent": _by("payment_intent")},
        ),
    )
    add("GET", "/v1/disputes/{id}", retrieve("dispute"))
    add("GET", "/v1/disputes", lister("dispute", "/v1/disputes", {"charge": _by("charge")}))
    add("GET", "/v1/payouts/{id}", retrieve("payout"))
    add("GET", "/v1/payouts", lister("payout", "/v1/payouts", {"status": _by("status")}))

    add("POST", "/v1/billing_portal/sessions", create_portal_session)
    add("GET", "/v1/events/{id}", retrieve("event"))
    add("GET", "/v1/events", list_events)
