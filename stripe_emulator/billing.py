"""Subscriptions and their invoices: creation, renewal, changes and cancellation."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from stripe_emulator import objects, payments
from stripe_emulator.cards import DECLINED_MESSAGE
from stripe_emulator.core import Emulator
from stripe_emulator.errors import StripeError, card_error, invalid_request, missing_param
from stripe_emulator.forms import (
    ANY,
    bool_param,
    check_known,
    enum_param,
    int_param,
    merge_metadata,
    require,
    str_param,
)
from stripe_emulator.objects import Obj

PAUSE_BEHAVIOURS = ("keep_as_draft", "mark_uncollectible", "void")
PRORATION_BEHAVIOURS = ("always_invoice", "create_prorations", "none")
RETRY_DELAY_SECONDS = 3 * 24 * 3600
_LIVE_STATUSES = ("active", "past_due", "trialing", "unpaid")

_ITEM_PRICE_DATA = {
    "currency": ANY,
    "product": ANY,
    "recurring": {"interval": ANY, "interval_count": ANY},
    "tax_behavior": ANY,
    "unit_amount": ANY,
    "unit_amount_decimal": ANY,
}
UPDATE_PARAMS = {
    "cancel_at_period_end": ANY,
    "cancellation_details": {"comment": ANY, "feedback": ANY},
    "default_payment_method": ANY,
    "description": ANY,
    "expand": ANY,
    "items": [
        {
            "id": ANY,
            "metadata": ANY,
            "price": ANY,
            "price_data": _ITEM_PRICE_DATA,
            "quantity": ANY,
        }
    ],
    "metadata": ANY,
    "off_session": ANY,
    "pause_collection": {"behavior": ANY, "resumes_at": ANY},
    "payment_behavior": ANY,
    "proration_behavior": ANY,
    "proration_date": ANY,
}
CANCEL_PARAMS = {
    "cancellation_details": {"comment": ANY, "feedback": ANY},
    "expand": ANY,
    "invoice_now": ANY,
    "prorate": ANY,
}


def product_name(emu: Emulator, price: Obj) -> str:
    product = emu.store.get(price["product"])
    return product["name"] if product else "Subscription"


def start_subscription(
    emu: Emulator,
    customer: Obj,
    method: Obj,
    line_items: list[Obj],
    *,
    metadata: Obj,
    description: str | None,
) -> tuple[Obj, Obj]:
    """Create an active subscription and pay its first invoice with ``method``.

    Emits ``customer.subscription.created``, ``invoice.created``, ``invoice.finalized``,
    ``payment_intent.succeeded``, ``charge.succeeded``, ``invoice.paid`` and
    ``invoice.payment_succeeded``.
    """
    first_price = line_items[0]["price"]
    subscription = objects.subscription(
        customer["id"],
        first_price["currency"],
        metadata=metadata,
        description=description,
        default_payment_method=method["id"],
    )
    start = subscription["start_date"]
    interval = first_price["recurring"]["interval"]
    period = (start, objects.next_period_end(start, interval, objects.day_of_month(start)))
    subscription["items"]["data"] = [
        objects.subscription_item(subscription["id"], item["price"], item["quantity"], period)
        for item in line_items
    ]
    subscription["items"]["total_count"] = len(line_items)
    emu.store.add(subscription)
    customer["currency"] = subscription["currency"]
    invoice = _new_invoice(emu, subscription, "subscription_create", (start, start))
    emu.emit("customer.subscription.created", subscription)
    emu.emit("invoice.created", invoice)
    _finalize(emu, invoice)
    intent = _invoice_intent(emu, invoice, "Subscription creation")
    payments.capture(emu, intent, method)
    _mark_paid(emu, invoice, intent)
    return subscription, invoice


def _new_invoice(
    emu: Emulator, subscription: Obj, billing_reason: str, period: tuple[int, int]
) -> Obj:
    """A draft invoice with one line per subscription item; becomes the latest invoice."""
    customer = emu.store.fetch("customer", subscription["customer"])
    invoice = objects.invoice(subscription, customer, billing_reason, period)
    lines = [
        objects.invoice_line(invoice, subscription, item, product_name(emu, item["price"]))
        for item in subscription["items"]["data"]
    ]
    total = sum(line["amount"] for line in lines)
    invoice["lines"].update(data=lines, total_count=len(lines))
    invoice.update(
        amount_due=total,
        amount_remaining=total,
        subtotal=total,
        subtotal_excluding_tax=total,
        total=total,
        total_excluding_tax=total,
        default_payment_method=None,
    )
    subscription["latest_invoice"] = invoice["id"]
    return emu.store.add(invoice)


def _finalize(emu: Emulator, invoice: Obj) -> None:
    """Give the invoice its number and open it; emits ``invoice.finalized``."""
    customer = emu.store.fetch("customer", invoice["customer"])
    sequence = customer["next_invoice_sequence"]
    customer["next_invoice_sequence"] = sequence + 1
    finalized_at = objects.now()
    invoice.update(
        status="open",
        number=f"{customer['invoice_prefix']}-{sequence:04d}",
        effective_at=finalized_at,
        starting_balance=0,
        ending_balance=0,
    )
    invoice["status_transitions"]["finalized_at"] = finalized_at
    emu.emit("invoice.finalized", invoice)


def _invoice_intent(emu: Emulator, invoice: Obj, description: str) -> Obj:
    """The invoice's payment intent, listed in ``invoice.payments``.

    Like Stripe, retries confirm the intent of the earlier failed attempt again.
    """
    for record in emu.store.all("invoice_payment"):
        if record["invoice"] == invoice["id"] and record["status"] == "open":
            return emu.store.fetch("payment_intent", record["payment"]["payment_intent"])
    intent = payments.create_intent(
        emu,
        invoice["amount_due"],
        invoice["currency"],
        invoice["customer"],
        description=description,
    )
    emu.store.add(objects.invoice_payment(invoice, intent["id"]))
    _sync_payments(emu, invoice)
    return intent


def _sync_payments(emu: Emulator, invoice: Obj) -> None:
    """Refresh the ``payments`` list embedded in the invoice from the stored invoice payments."""
    records = [
        copy.deepcopy(record)
        for record in reversed(emu.store.all("invoice_payment"))
        if record["invoice"] == invoice["id"]
    ]
    invoice["payments"].update(data=records, total_count=len(records))


def _mark_paid(emu: Emulator, invoice: Obj, intent: Obj) -> None:
    """Emits ``invoice.paid`` and ``invoice.payment_succeeded``."""
    paid_at = objects.now()
    for record in emu.store.all("invoice_payment"):
        if record["payment"]["payment_intent"] == intent["id"]:
            record.update(status="paid", amount_paid=intent["amount"])
            record["status_transitions"]["paid_at"] = paid_at
    _sync_payments(emu, invoice)
    invoice.update(
        status="paid",
        amount_paid=invoice["amount_due"],
        amount_remaining=0,
        attempted=True,
        attempt_count=invoice["attempt_count"] + 1,
        next_payment_attempt=None,
    )
    invoice["status_transitions"]["paid_at"] = paid_at
    emu.emit("invoice.paid", invoice)
    emu.emit("invoice.payment_succeeded", invoice)


def _mark_failed(emu: Emulator, invoice: Obj) -> None:
    """Emits ``invoice.payment_failed``; Stripe retries a few days later."""
    invoice.update(
        attempted=True,
        attempt_count=invoice["attempt_count"] + 1,
        next_payment_attempt=objects.now() + RETRY_DELAY_SECONDS,
    )
    emu.emit("invoice.payment_failed", invoice)


def _collect(emu: Emulator, invoice: Obj, method: Obj | None, *, force_failure: bool) -> bool:
    """Try to charge an open invoice; returns whether it got paid."""
    description = (
        "Subscription creation"
        if invoice["billing_reason"] == "subscription_create"
        else "Subscription update"
    )
    intent = _invoice_intent(emu, invoice, description)
    if method is None:
        _mark_failed(emu, invoice)
        return False
    if force_failure or payments.card_of(emu, method).declines_charges:
        payments.decline(emu, intent, method)
        _mark_failed(emu, invoice)
        return False
    payments.capture(emu, intent, method)
    _mark_paid(emu, invoice, intent)
    return True


def default_payment_method(emu: Emulator, subscription: Obj) -> Obj | None:
    method_id = subscription["default_payment_method"]
    if not method_id:
        customer = emu.store.fetch("customer", subscription["customer"])
        method_id = customer["invoice_settings"]["default_payment_method"]
    return emu.store.get(method_id) if method_id else None


def renew(emu: Emulator, subscription: Obj, params: Mapping[str, Any]) -> Obj:
    """Advance the subscription to its next period and invoice it (a test-clock shortcut).

    Returns the new invoice. A subscription set to cancel at period end is canceled instead
    (``customer.subscription.deleted``) and returned.
    """
    outcome = enum_param(params, "outcome", ("paid", "failed")) or "paid"
    if subscription["status"] not in _LIVE_STATUSES:
        raise invalid_request(
            f"Subscription {subscription['id']} is {subscription['status']} and cannot renew."
        )
    if subscription["cancel_at_period_end"]:
        return cancel(emu, subscription, {}, ended_at=_period_end(subscription))
    old_start, old_end = _period(subscription)
    _resume_if_due(emu, subscription, old_end)
    before = copy.deepcopy(subscription)
    interval = subscription["items"]["data"][0]["price"]["recurring"]["interval"]
    new_period = (old_end, objects.next_period_end(old_end, interval, _anchor_day(subscription)))
    for item in subscription["items"]["data"]:
        objects.set_item_period(item, new_period)
    invoice = _new_invoice(emu, subscription, "subscription_cycle", (old_start, old_end))
    emu.emit("invoice.created", invoice)
    pause = subscription["pause_collection"]
    if pause:
        _skip_collection(emu, invoice, pause["behavior"])
    else:
        _finalize(emu, invoice)
        method = default_payment_method(emu, subscription)
        paid = _collect(emu, invoice, method, force_failure=outcome == "failed")
        subscription["status"] = "active" if paid else "past_due"
    emu.emit("customer.subscription.updated", subscription, before)
    return invoice


def _resume_if_due(emu: Emulator, subscription: Obj, moment: int) -> None:
    """A pause whose ``resumes_at`` has come ends; emits ``customer.subscription.updated``."""
    pause = subscription["pause_collection"]
    if pause and pause["resumes_at"] is not None and pause["resumes_at"] <= moment:
        before = copy.deepcopy(subscription)
        subscription["pause_collection"] = None
        emu.emit("customer.subscription.updated", subscription, before)


def _skip_collection(emu: Emulator, invoice: Obj, behaviour: str) -> None:
    """Invoice a paused subscription without charging, per ``pause_collection.behavior``."""
    if behaviour == "keep_as_draft":
        invoice["auto_advance"] = False
        return
    _finalize(emu, invoice)
    moment = objects.now()
    if behaviour == "void":
        invoice.update(status="void", amount_remaining=0)
        invoice["status_transitions"]["voided_at"] = moment
        emu.emit("invoice.voided", invoice)
    else:
        invoice["status"] = "uncollectible"
        invoice["status_transitions"]["marked_uncollectible_at"] = moment
        emu.emit("invoice.marked_uncollectible", invoice)


def _period(subscription: Obj) -> tuple[int, int]:
    item = subscription["items"]["data"][0]
    return item["current_period_start"], item["current_period_end"]


def _period_end(subscription: Obj) -> int:
    return _period(subscription)[1]


def _anchor_day(subscription: Obj) -> int:
    return objects.day_of_month(subscription["billing_cycle_anchor"])


def pay_invoice(emu: Emulator, invoice: Obj, params: Mapping[str, Any]) -> Obj:
    """``POST /v1/invoices/{id}/pay``: retry an open invoice with the saved card."""
    if invoice["status"] != "open":
        raise invalid_request(f"Invoice {invoice['id']} is {invoice['status']}, not open.")
    subscription = _invoice_subscription(emu, invoice)
    method_id = str_param(params, "payment_method")
    method: Obj | None
    if method_id:
        method = emu.store.fetch("payment_method", method_id, param="payment_method")
    else:
        method = default_payment_method(emu, subscription)
    if method is None:
        raise invalid_request(
            "This customer has no attached payment source or default payment method."
        )
    retry_invoice(emu, invoice, subscription, method)
    if invoice["status"] != "paid":
        raise card_error(DECLINED_MESSAGE, "card_declined", "generic_decline")
    return invoice


def retry_invoice(emu: Emulator, invoice: Obj, subscription: Obj, method: Obj) -> None:
    """Charge an open invoice again; a paid latest invoice brings a past-due subscription back.

    Emits the payment events, then ``customer.subscription.updated`` if the status changed.
    """
    before = copy.deepcopy(subscription)
    paid = _collect(emu, invoice, method, force_failure=False)
    recovered = (
        subscription["status"] == "past_due" and subscription["latest_invoice"] == invoice["id"]
    )
    if paid and recovered:
        subscription["status"] = "active"
        emu.emit("customer.subscription.updated", subscription, before)


def _invoice_subscription(emu: Emulator, invoice: Obj) -> Obj:
    subscription_id = invoice["parent"]["subscription_details"]["subscription"]
    return emu.store.fetch("subscription", subscription_id)


def update(emu: Emulator, subscription: Obj, params: Mapping[str, Any]) -> Obj:
    """``POST /v1/subscriptions/{id}``; emits ``customer.subscription.updated`` if anything
    changed."""
    check_known(params, UPDATE_PARAMS)
    if subscription["status"] == "canceled":
        raise invalid_request(
            "A canceled subscription can only update its cancellation_details and metadata."
        )
    before = copy.deepcopy(subscription)
    enum_param(params, "proration_behavior", PRORATION_BEHAVIOURS)
    _update_items(emu, subscription, params.get("items"))
    if "pause_collection" in params:
        subscription["pause_collection"] = _pause_collection(params["pause_collection"])
    cancel_at_period_end = bool_param(params, "cancel_at_period_end")
    if cancel_at_period_end is not None:
        schedule_cancellation(subscription, cancel_at_period_end, params)
    _update_fields(emu, subscription, params)
    if subscription != before:
        emu.emit("customer.subscription.updated", subscription, before)
    return subscription


def _update_fields(emu: Emulator, subscription: Obj, params: Mapping[str, Any]) -> None:
    subscription["metadata"] = merge_metadata(subscription["metadata"], params.get("metadata"))
    if "description" in params:
        subscription["description"] = params["description"] or None
    method_id = str_param(params, "default_payment_method")
    if method_id:
        emu.store.fetch("payment_method", method_id, param="default_payment_method")
        subscription["default_payment_method"] = method_id


def _update_items(emu: Emulator, subscription: Obj, items: Any) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        raise invalid_request("Invalid array", param="items")
    existing = {item["id"]: item for item in subscription["items"]["data"]}
    for index, change in enumerate(items):
        label = f"items[{index}]"
        item_id = require(change, "id", f"{label}[id]")
        if item_id not in existing:
            raise invalid_request(
                f"No such subscription item: '{item_id}'",
                param=f"{label}[id]",
                code="resource_missing",
            )
        item = existing[item_id]
        new_price = _item_price(emu, subscription, change, label)
        if new_price is not None:
            objects.set_item_price(item, new_price)
        quantity = int_param(change, "quantity", label=f"{label}[quantity]", minimum=1)
        if quantity is not None:
            item["quantity"] = quantity
        item["metadata"] = merge_metadata(
            item["metadata"], change.get("metadata"), f"{label}[metadata]"
        )


def _item_price(emu: Emulator, subscription: Obj, change: Obj, label: str) -> Obj | None:
    """The price named by ``price`` or built from ``price_data``, if the change has one."""
    price_id = str_param(change, "price", f"{label}[price]")
    if price_id:
        return emu.store.fetch("price", price_id, param=f"{label}[price]")
    data = change.get("price_data")
    if data is None:
        return None
    label = f"{label}[price_data]"
    currency = str(require(data, "currency", f"{label}[currency]")).lower()
    if currency != subscription["currency"]:
        raise invalid_request(
            f"The price currency ({currency}) must match the subscription currency "
            f"({subscription['currency']}).",
            param=f"{label}[currency]",
        )
    product_id = str(require(data, "product", f"{label}[product]"))
    emu.store.fetch("product", product_id, param=f"{label}[product]")
    recurring = data.get("recurring")
    if not isinstance(recurring, Mapping) or not recurring.get("interval"):
        raise missing_param(f"{label}[recurring][interval]")
    interval = enum_param(
        recurring, "interval", ("day", "week", "month", "year"), f"{label}[recurring][interval]"
    )
    unit_amount = int_param(data, "unit_amount", label=f"{label}[unit_amount]", minimum=0)
    if unit_amount is None:
        raise missing_param(f"{label}[unit_amount]")
    return emu.store.add(objects.price(currency, unit_amount, product_id, interval))


def _pause_collection(value: Any) -> Obj | None:
    """``pause_collection=""`` resumes collection; otherwise a behaviour is required."""
    if value == "":
        return None
    if not isinstance(value, Mapping):
        raise invalid_request("Invalid hash", param="pause_collection")
    behaviour = require(value, "behavior", "pause_collection[behavior]")
    enum_param(value, "behavior", PAUSE_BEHAVIOURS, "pause_collection[behavior]")
    resumes_at = int_param(value, "resumes_at", label="pause_collection[resumes_at]")
    return {"behavior": behaviour, "resumes_at": resumes_at}


def schedule_cancellation(
    subscription: Obj, at_period_end: bool, params: Mapping[str, Any] | None = None
) -> None:
    """Set or clear ``cancel_at_period_end`` with the fields Stripe updates alongside it."""
    subscription["cancel_at_period_end"] = at_period_end
    if at_period_end:
        details = (params or {}).get("cancellation_details") or {}
        subscription.update(cancel_at=_period_end(subscription), canceled_at=objects.now())
        subscription["cancellation_details"] = {
            "comment": details.get("comment"),
            "feedback": details.get("feedback"),
            "reason": "cancellation_requested",
        }
    else:
        subscription.update(cancel_at=None, canceled_at=None)
        subscription["cancellation_details"] = {"comment": None, "feedback": None, "reason": None}


def cancel(
    emu: Emulator, subscription: Obj, params: Mapping[str, Any], *, ended_at: int | None = None
) -> Obj:
    """End the subscription now; emits ``customer.subscription.deleted``."""
    check_known(params, CANCEL_PARAMS)
    if subscription["status"] == "canceled":
        raise StripeError(
            f"No such subscription: '{subscription['id']}'",
            status=404,
            code="resource_missing",
            param="id",
        )
    moment = objects.now()
    details = params.get("cancellation_details") or {}
    previous = subscription["cancellation_details"]
    subscription.update(
        status="canceled",
        canceled_at=subscription["canceled_at"] or moment,
        ended_at=ended_at or moment,
        cancel_at=None if ended_at is None else subscription["cancel_at"],
        cancellation_details={
            "comment": details.get("comment", previous["comment"]),
            "feedback": details.get("feedback", previous["feedback"]),
            "reason": previous["reason"] or "cancellation_requested",
        },
    )
    emu.emit("customer.subscription.deleted", subscription)
    return subscription


def save_default_card(emu: Emulator, customer: Obj, method: Obj) -> None:
    """Make ``method`` the card future invoices are charged to, then retry unpaid invoices.

    Emits ``payment_method.attached``, ``customer.updated``, ``customer.subscription.updated``
    for each subscription that used another card, and the payment events of any retry.
    """
    emu.emit("payment_method.attached", method)
    before = copy.deepcopy(customer)
    customer["invoice_settings"]["default_payment_method"] = method["id"]
    emu.emit("customer.updated", customer, before)
    for subscription in live_subscriptions(emu, customer["id"]):
        before = copy.deepcopy(subscription)
        subscription["default_payment_method"] = method["id"]
        if subscription != before:
            emu.emit("customer.subscription.updated", subscription, before)
        latest = emu.store.get(subscription["latest_invoice"] or "")
        if subscription["status"] == "past_due" and latest and latest["status"] == "open":
            retry_invoice(emu, latest, subscription, method)


def live_subscriptions(emu: Emulator, customer_id: str) -> list[Obj]:
    return [
        subscription
        for subscription in emu.store.all("subscription")
        if subscription["customer"] == customer_id and subscription["status"] in _LIVE_STATUSES
    ]
