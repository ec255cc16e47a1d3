"""Checkout Sessions: creation, payment on the hosted page, completion and expiry."""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stripe_emulator import billing, objects, payments
from stripe_emulator.cards import (
    AUTHENTICATION_FAILED_MESSAGE,
    DECLINED_MESSAGE,
    Behaviour,
    Card,
    InputError,
    read_card,
)
from stripe_emulator.core import Emulator
from stripe_emulator.errors import invalid_request, missing_param
from stripe_emulator.forms import (
    ANY,
    check_known,
    enum_param,
    int_param,
    list_param,
    merge_metadata,
    require,
    str_param,
)
from stripe_emulator.money import format_amount, minimum_amount
from stripe_emulator.objects import Obj

MIN_EXPIRY_SECONDS = 30 * 60
MAX_EXPIRY_SECONDS = 24 * 3600
SUBMIT_TYPES = ("auto", "book", "donate", "pay", "subscribe")
INTERVALS = ("day", "week", "month", "year")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_PRICE_DATA = {
    "currency": ANY,
    "product": ANY,
    "product_data": {
        "description": ANY,
        "images": ANY,
        "metadata": ANY,
        "name": ANY,
        "tax_code": ANY,
        "tax_details": ANY,
        "unit_label": ANY,
    },
    "recurring": {"interval": ANY, "interval_count": ANY},
    "tax_behavior": ANY,
    "unit_amount": ANY,
    "unit_amount_decimal": ANY,
}
_LINE_ITEM = {
    "adjustable_quantity": ANY,
    "metadata": ANY,
    "price": ANY,
    "price_data": _PRICE_DATA,
    "quantity": ANY,
    "tax_rates": ANY,
}
# Every parameter Stripe accepts on create (from the SDK's SessionCreateParams). Those the
# emulator does not act on only change how Stripe's page looks, so they are accepted silently.
CREATE_PARAMS: dict[str, Any] = {
    name: ANY
    for name in [
        "adaptive_pricing",
        "after_expiration",
        "allow_promotion_codes",
        "allowed_payment_method_types",
        "automatic_tax",
        "billing_address_collection",
        "branding_settings",
        "cancel_url",
        "client_reference_id",
        "consent_collection",
        "currency",
        "custom_fields",
        "custom_text",
        "customer",
        "customer_account",
        "customer_creation",
        "customer_email",
        "customer_update",
        "discounts",
        "excluded_payment_method_types",
        "expand",
        "expires_at",
        "integration_identifier",
        "invoice_creation",
        "locale",
        "managed_payments",
        "metadata",
        "mode",
        "name_collection",
        "optional_items",
        "origin_context",
        "payment_intent_data",
        "payment_method_collection",
        "payment_method_configuration",
        "payment_method_data",
        "payment_method_options",
        "payment_method_types",
        "permissions",
        "phone_number_collection",
        "redirect_on_completion",
        "return_url",
        "saved_payment_method_options",
        "setup_intent_data",
        "shipping_address_collection",
        "shipping_options",
        "submit_type",
        "subscription_data",
        "success_url",
        "tax_id_collection",
        "ui_mode",
        "wallet_options",
    ]
}
CREATE_PARAMS["line_items"] = [_LINE_ITEM]


@dataclass(frozen=True)
class Submission:
    """What the donor entered on the hosted payment page."""

    email: str | None
    name: str | None
    card: Card


class PaymentDeclined(Exception):
    def __init__(self, message: str, code: str, decline_code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.decline_code = decline_code


class AuthenticationRequired(Exception):
    """The card asks for 3D Secure; the hosted page shows the challenge for ``token``."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.token = token


class SessionNotOpen(Exception):
    """The session was already completed or has expired."""


# Creation


def create_session(emu: Emulator, params: Mapping[str, Any]) -> Obj:
    """``POST /v1/checkout/sessions``."""
    check_known(params, CREATE_PARAMS)
    mode = require(params, "mode")
    enum_param(params, "mode", ("payment", "setup", "subscription"))
    if mode == "setup":
        raise invalid_request("The Stripe emulator does not support `setup` mode.", param="mode")
    _check_mode_params(params, mode)
    customer_id = _session_customer_param(emu, params)
    created = objects.now()
    catalogue: list[Obj] = []
    line_items = _line_items(emu, params, mode, catalogue)
    total = sum(item["amount_total"] for item in line_items)
    fields: Obj = {
        "mode": mode,
        "amount_subtotal": total,
        "amount_total": total,
        "currency": line_items[0]["currency"],
        "cancel_url": _url_param(params, "cancel_url"),
        "success_url": _url_param(params, "success_url"),
        "client_reference_id": str_param(params, "client_reference_id"),
        "customer": customer_id,
        "customer_email": str_param(params, "customer_email"),
        "expires_at": _expires_at(params, created),
        "locale": str_param(params, "locale"),
        "metadata": merge_metadata({}, params.get("metadata")),
        "payment_method_types": list_param(params, "payment_method_types") or ["card"],
        "submit_type": enum_param(params, "submit_type", SUBMIT_TYPES),
    }
    if mode == "payment":
        fields["customer_creation"] = (
            enum_param(params, "customer_creation", ("always", "if_required")) or "always"
        )
    setup = {
        "line_items": line_items,
        "payment_intent_data": _data_param(params, "payment_intent_data"),
        "subscription_data": _data_param(params, "subscription_data"),
    }
    session = objects.checkout_session(fields)
    session.update(created=created, url=emu.url(f"/pay/{session['id']}"))
    for obj in catalogue:
        emu.store.add(obj)
    emu.store.checkout_setup[session["id"]] = setup
    return emu.store.add(session)


def _data_param(params: Mapping[str, Any], name: str) -> Obj:
    """``payment_intent_data`` or ``subscription_data``, with its metadata checked now."""
    data = params.get(name) or {}
    if not isinstance(data, Mapping):
        raise invalid_request("Invalid hash", param=name)
    return {**data, "metadata": merge_metadata({}, data.get("metadata"), f"{name}[metadata]")}


def _check_mode_params(params: Mapping[str, Any], mode: str) -> None:
    other = "subscription_data" if mode == "payment" else "payment_intent_data"
    if other in params:
        raise invalid_request(f"You can not pass `{other}` in `{mode}` mode.", param=other)
    if mode == "subscription" and "customer_creation" in params:
        raise invalid_request(
            "`customer_creation` can only be used in `payment` mode.", param="customer_creation"
        )
    if params.get("customer") and params.get("customer_email"):
        raise invalid_request(
            "You may only specify one of these parameters: customer, customer_email.",
            param="customer_email",
        )
    ui_mode = params.get("ui_mode", "hosted")
    if ui_mode != "hosted":
        raise invalid_request(
            f"The Stripe emulator only supports the hosted page, not ui_mode={ui_mode}.",
            param="ui_mode",
        )


def _session_customer_param(emu: Emulator, params: Mapping[str, Any]) -> str | None:
    customer_id = str_param(params, "customer")
    if customer_id:
        emu.store.fetch("customer", customer_id, param="customer")
    return customer_id or None


def _url_param(params: Mapping[str, Any], name: str) -> str | None:
    url = str_param(params, name)
    if url is None:
        return None
    if not re.match(r"^https?://[^\s/]+", url):
        raise invalid_request("Not a valid URL", param=name, code="url_invalid")
    return url


def _expires_at(params: Mapping[str, Any], created: int) -> int:
    expires_at = int_param(params, "expires_at")
    if expires_at is None:
        return created + MAX_EXPIRY_SECONDS
    if expires_at < created + MIN_EXPIRY_SECONDS - 60:
        raise invalid_request(
            "The `expires_at` timestamp must be at least 30 minutes from Checkout Session "
            "creation.",
            param="expires_at",
        )
    if expires_at > created + MAX_EXPIRY_SECONDS:
        raise invalid_request(
            "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
            param="expires_at",
        )
    return expires_at


def _line_items(
    emu: Emulator, params: Mapping[str, Any], mode: str, catalogue: list[Obj]
) -> list[Obj]:
    """The session's line items; prices and products made from ``price_data`` are appended to
    ``catalogue``, to be stored once the whole request is valid."""
    raw_items = params.get("line_items")
    if not raw_items:
        raise missing_param("line_items")
    if not isinstance(raw_items, list):
        raise invalid_request("Invalid array", param="line_items")
    items = [
        _line_item(emu, raw, f"line_items[{index}]", catalogue)
        for index, raw in enumerate(raw_items)
    ]
    _check_items_fit_mode(items, mode)
    currency = items[0]["currency"]
    if any(item["currency"] != currency for item in items):
        raise invalid_request("All line items must use the same currency.", param="line_items")
    total = sum(item["amount_total"] for item in items)
    if total < minimum_amount(currency):
        raise invalid_request(
            "The Checkout Session's total amount due must add up to at least "
            f"{format_amount(minimum_amount(currency), currency)}",
            param="line_items",
            code="amount_too_small",
        )
    return items


def _check_items_fit_mode(items: list[Obj], mode: str) -> None:
    recurring = [item["price"]["recurring"] is not None for item in items]
    if mode == "payment" and any(recurring):
        raise invalid_request(
            "You specified `payment` mode but passed a recurring price. Either switch to "
            "`subscription` mode or use only one-time prices.",
            param="mode",
        )
    if mode == "subscription" and not all(recurring):
        raise invalid_request(
            "You must provide at least one recurring price in `subscription` mode when using "
            "prices (the Stripe emulator supports only recurring prices in this mode).",
            param="line_items",
        )
    prices = [item["price"] for item in items]
    intervals = {price["recurring"]["interval"] for price in prices if price["recurring"]}
    if len(intervals) > 1:
        raise invalid_request(
            "Checkout does not support multiple prices with different billing intervals.",
            param="line_items",
        )


def _line_item(emu: Emulator, raw: Any, label: str, catalogue: list[Obj]) -> Obj:
    if not isinstance(raw, Mapping):
        raise invalid_request("Invalid hash", param=label)
    quantity = int_param(raw, "quantity", label=f"{label}[quantity]", minimum=1)
    if quantity is None:
        raise missing_param(f"{label}[quantity]")
    price_id = str_param(raw, "price", f"{label}[price]")
    if price_id:
        price = emu.store.fetch("price", price_id, param=f"{label}[price]")
    elif "price_data" in raw:
        price = _price_from_data(emu, raw["price_data"], f"{label}[price_data]", catalogue)
    else:
        raise missing_param(f"{label}[price]")
    products = {obj["id"]: obj for obj in catalogue if obj["object"] == "product"}
    product = products.get(price["product"]) or emu.store.fetch("product", price["product"])
    return objects.checkout_line_item(price, quantity, product["name"])


def _price_from_data(emu: Emulator, data: Any, label: str, catalogue: list[Obj]) -> Obj:
    if not isinstance(data, Mapping):
        raise invalid_request("Invalid hash", param=label)
    currency = str(require(data, "currency", f"{label}[currency]")).lower()
    if not re.fullmatch(r"[a-z]{3}", currency):
        raise invalid_request(f"Invalid currency: {currency}", param=f"{label}[currency]")
    unit_amount = int_param(data, "unit_amount", label=f"{label}[unit_amount]", minimum=0)
    if unit_amount is None:
        raise missing_param(f"{label}[unit_amount]")
    interval = None
    recurring = data.get("recurring")
    if recurring is not None:
        if not isinstance(recurring, Mapping):
            raise invalid_request("Invalid hash", param=f"{label}[recurring]")
        require(recurring, "interval", f"{label}[recurring][interval]")
        interval = enum_param(recurring, "interval", INTERVALS, f"{label}[recurring][interval]")
    product_id = _product_for(emu, data, label, catalogue)
    price = objects.price(currency, unit_amount, product_id, interval)
    catalogue.append(price)
    return price


def _product_for(emu: Emulator, data: Mapping[str, Any], label: str, catalogue: list[Obj]) -> str:
    product_id = str_param(data, "product", f"{label}[product]")
    if product_id:
        emu.store.fetch("product", product_id, param=f"{label}[product]")
        return product_id
    product_data = data.get("product_data")
    if not isinstance(product_data, Mapping):
        raise invalid_request(
            "You must specify either `product` or `product_data` when creating a price.",
            param=f"{label}[product_data]",
        )
    name = str(require(product_data, "name", f"{label}[product_data][name]"))
    product = objects.product(
        name,
        description=str_param(product_data, "description"),
        metadata=merge_metadata({}, product_data.get("metadata")),
        unit_label=str_param(product_data, "unit_label"),
    )
    catalogue.append(product)
    return str(product["id"])


# Expiry


def expire(emu: Emulator, session: Obj) -> Obj:
    """``POST /v1/checkout/sessions/{id}/expire``; emits ``checkout.session.expired``."""
    if session["status"] != "open":
        raise invalid_request(
            'Only Checkout Sessions with a status in ["open"] can be expired.', param="session"
        )
    _expire(emu, session)
    return session


def expire_if_due(emu: Emulator, session: Obj) -> None:
    """Sessions expire lazily, when next looked at after ``expires_at``."""
    if session["status"] == "open" and objects.now() >= session["expires_at"]:
        _expire(emu, session)


def _expire(emu: Emulator, session: Obj) -> None:
    intent = emu.store.get(session["payment_intent"] or "")
    if intent and intent["status"] == "requires_payment_method":
        intent.update(status="canceled", canceled_at=objects.now(), cancellation_reason="abandoned")
        emu.emit("payment_intent.canceled", intent)
    session.update(status="expired", url=None)
    emu.emit("checkout.session.expired", session)


def line_items(emu: Emulator, session: Obj) -> list[Obj]:
    return copy.deepcopy(emu.store.checkout_setup[session["id"]]["line_items"])


# Payment


def submit_payment(emu: Emulator, session: Obj, form: Mapping[str, Any]) -> Obj:
    """Pay with what was entered on the hosted page; returns the completed session.

    Raises :class:`InputError` for bad input, :class:`PaymentDeclined` (after recording the
    failed attempt in payment mode), or :class:`AuthenticationRequired` for 3D Secure cards.
    """
    _ensure_open(emu, session)
    submission = _read_submission(emu, session, form)
    card = submission.card
    if card.behaviour is Behaviour.REQUIRES_AUTHENTICATION:
        token = secrets.token_urlsafe(16)
        emu.store.pending_authentications[token] = (session["id"], submission)
        raise AuthenticationRequired(token)
    if card.declines_charges:
        if session["mode"] == "payment":
            intent, method = _failed_attempt(emu, session, submission)
            payments.decline(emu, intent, method)
        raise PaymentDeclined(DECLINED_MESSAGE, "card_declined", "generic_decline")
    return _complete(emu, session, submission, three_d_secure=False)


def finish_authentication(emu: Emulator, session: Obj, token: str, succeeded: bool) -> Obj:
    """Complete or fail the 3D Secure step started by :func:`submit_payment`."""
    _ensure_open(emu, session)
    pending = emu.store.pending_authentications.pop(token, None)
    if pending is None or pending[0] != session["id"]:
        raise InputError(
            "cardnumber",
            "This authentication attempt has expired. Please enter your card details again.",
            "authentication_expired",
        )
    submission: Submission = pending[1]
    if not succeeded:
        if session["mode"] == "payment":
            intent, method = _failed_attempt(emu, session, submission)
            payments.fail_authentication(emu, intent, method, AUTHENTICATION_FAILED_MESSAGE)
        raise PaymentDeclined(
            AUTHENTICATION_FAILED_MESSAGE, "payment_intent_authentication_failure"
        )
    return _complete(emu, session, submission, three_d_secure=True)


def _ensure_open(emu: Emulator, session: Obj) -> None:
    expire_if_due(emu, session)
    if session["status"] != "open":
        raise SessionNotOpen(session["id"])


def locked_email(emu: Emulator, session: Obj) -> str | None:
    """The email Stripe shows read-only: ``customer_email`` or the given customer's email."""
    if session["customer_email"]:
        return str(session["customer_email"])
    customer = emu.store.get(session["customer"] or "")
    return customer["email"] if customer else None


def _read_submission(emu: Emulator, session: Obj, form: Mapping[str, Any]) -> Submission:
    email = locked_email(emu, session) or str(form.get("email") or "").strip()
    if not email:
        raise InputError("email", "Your email is incomplete.", "incomplete_email")
    if not _EMAIL.match(email):
        raise InputError("email", "Your email address is invalid.", "invalid_email")
    name = str(form.get("name") or "").strip() or None
    card = read_card(
        str(form.get("cardnumber") or ""), str(form.get("exp") or ""), str(form.get("cvc") or "")
    )
    return Submission(email, name, card)


def _session_intent(emu: Emulator, session: Obj) -> Obj:
    """The session's payment intent, created on the first payment attempt (as Stripe does)."""
    if session["payment_intent"]:
        return emu.store.fetch("payment_intent", session["payment_intent"])
    data = emu.store.checkout_setup[session["id"]]["payment_intent_data"]
    intent = payments.create_intent(
        emu,
        session["amount_total"],
        session["currency"],
        session["customer"],
        description=data.get("description"),
        metadata=dict(data["metadata"]),
        receipt_email=data.get("receipt_email"),
        statement_descriptor=data.get("statement_descriptor"),
        statement_descriptor_suffix=data.get("statement_descriptor_suffix"),
    )
    session["payment_intent"] = intent["id"]
    return intent


def _failed_attempt(emu: Emulator, session: Obj, submission: Submission) -> tuple[Obj, Obj]:
    intent = _session_intent(emu, session)
    method = payments.save_payment_method(
        emu, submission.card, None, submission.email, submission.name
    )
    return intent, method


def _complete(emu: Emulator, session: Obj, submission: Submission, *, three_d_secure: bool) -> Obj:
    """Create what a successful payment creates, then emit ``checkout.session.completed``."""
    customer = _customer_for(emu, session, submission)
    customer_id = customer["id"] if customer else None
    method = payments.save_payment_method(
        emu, submission.card, customer_id, submission.email, submission.name
    )
    setup = emu.store.checkout_setup[session["id"]]
    if session["mode"] == "payment":
        intent = _session_intent(emu, session)
        intent["customer"] = customer_id
        payments.capture(emu, intent, method, three_d_secure=three_d_secure)
    else:
        assert customer is not None, "subscription mode always has a customer"
        data = setup["subscription_data"]
        subscription, invoice = billing.start_subscription(
            emu,
            customer,
            method,
            setup["line_items"],
            metadata=dict(data["metadata"]),
            description=data.get("description"),
        )
        session.update(subscription=subscription["id"], invoice=invoice["id"])
    session.update(
        status="complete",
        payment_status="paid",
        customer=customer_id,
        customer_details=objects.customer_details(submission.email, submission.name),
        url=None,
    )
    emu.emit("checkout.session.completed", session)
    return session


def _customer_for(emu: Emulator, session: Obj, submission: Submission) -> Obj | None:
    """The session's customer, creating one (``customer.created``) unless it is a guest."""
    if session["customer"]:
        return emu.store.fetch("customer", session["customer"])
    if session["customer_creation"] == "if_required":
        return None
    customer = emu.store.add(objects.customer(submission.email, submission.name))
    emu.emit("customer.created", customer)
    return customer
