"""Builders for Stripe objects, based on Stripe's official example objects.

Each builder deep-copies the example from ``fixtures.json`` (a subset of Stripe's
``fixtures3.json``, MIT licensed, see ``FIXTURES_LICENSE``) so every field the real API returns is
present, then overwrites ids, amounts, statuses, timestamps and links. Fields the examples fill
with placeholder data (random numbers, fake nested objects) are reset to what a plain test-mode
card integration gets from Stripe, which is usually ``null``.
"""

from __future__ import annotations

import calendar
import copy
import hashlib
import json
import secrets
import string
import time
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from stripe_emulator.money import fee_details, format_amount

Obj = dict[str, Any]

_ALPHABET = string.ascii_letters + string.digits
_FIXTURES_PATH = Path(__file__).with_name("fixtures.json")
_ONE_WEEK = 7 * 24 * 3600
_NULL_ADDRESS = {
    "city": None,
    "country": None,
    "line1": None,
    "line2": None,
    "postal_code": None,
    "state": None,
}


@cache
def _fixtures() -> dict[str, Obj]:
    resources: dict[str, Obj] = json.loads(_FIXTURES_PATH.read_text())["resources"]
    return resources


def fixture(name: str) -> Obj:
    """A fresh deep copy of Stripe's example object ``name`` (e.g. ``"checkout.session"``)."""
    return copy.deepcopy(_fixtures()[name])


def new_id(prefix: str, length: int = 24) -> str:
    return f"{prefix}_" + "".join(secrets.choice(_ALPHABET) for _ in range(length))


def now() -> int:
    return int(time.time())


def add_months(timestamp: int, months: int, anchor_day: int) -> int:
    """The same time ``months`` calendar months later, on ``anchor_day`` clamped to the month's
    length (a subscription anchored on the 31st renews on the 30th in April)."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    year, month_index = divmod(moment.month - 1 + months, 12)
    year, month = moment.year + year, month_index + 1
    day = min(anchor_day, calendar.monthrange(year, month)[1])
    return int(moment.replace(year=year, month=month, day=day).timestamp())


def next_period_end(start: int, interval: str, anchor_day: int) -> int:
    """End of a billing period of one ``interval`` (``day``, ``week``, ``month``, ``year``)."""
    if interval == "day":
        return start + 86400
    if interval == "week":
        return start + _ONE_WEEK
    return add_months(start, 12 if interval == "year" else 1, anchor_day)


def day_of_month(timestamp: int) -> int:
    return datetime.fromtimestamp(timestamp, UTC).day


def list_object(data: list[Obj], url: str, *, total_count: bool = True) -> Obj:
    """A list; lists embedded in objects (``subscription.items``) carry ``total_count``, list
    endpoints do not."""
    result: Obj = {"object": "list", "data": data, "has_more": False, "url": url}
    if total_count:
        result["total_count"] = len(data)
    return result


def address() -> Obj:
    return dict(_NULL_ADDRESS)


# Customers and payment methods


def customer(email: str | None, name: str | None, **fields: Any) -> Obj:
    obj = fixture("customer")
    obj.update(
        id=new_id("cus", 14),
        created=now(),
        email=email,
        name=name,
        address=None,
        currency=None,
        discount=None,
        invoice_prefix=secrets.token_hex(4).upper(),
        shipping=None,
        description=fields.get("description"),
        phone=fields.get("phone"),
        metadata=fields.get("metadata", {}),
        preferred_locales=fields.get("preferred_locales", []),
    )
    return obj


def payment_method(card: Any, billing_details: Obj, customer_id: str | None) -> Obj:
    obj = fixture("payment_method")
    details = obj["card"]
    details.update(
        brand=card.brand,
        display_brand=card.brand,
        country=card.country,
        exp_month=card.exp_month,
        exp_year=card.exp_year,
        fingerprint=card.fingerprint,
        last4=card.last4,
        generated_from=None,
        wallet=None,
        networks={"available": [card.brand], "preferred": None},
    )
    obj.update(
        id=new_id("pm"),
        created=now(),
        customer=customer_id,
        billing_details=billing_details,
        metadata={},
        allow_redisplay="limited",
    )
    return obj


def billing_details(email: str | None, name: str | None) -> Obj:
    return {
        "address": address(),
        "email": email,
        "name": name,
        "phone": None,
        "tax_id": None,
    }


# Catalogue


def product(name: str, **fields: Any) -> Obj:
    obj = fixture("product")
    created = now()
    obj.update(
        id=new_id("prod", 14),
        created=created,
        updated=created,
        name=name,
        description=fields.get("description"),
        images=fields.get("images", []),
        metadata=fields.get("metadata", {}),
        default_price=None,
        package_dimensions=None,
        type="service",
        unit_label=fields.get("unit_label"),
    )
    return obj


def price(currency: str, unit_amount: int, product_id: str, interval: str | None) -> Obj:
    obj = fixture("price")
    recurring = None
    if interval:
        recurring = {
            "interval": interval,
            "interval_count": 1,
            "meter": None,
            "trial_period_days": None,
            "usage_type": "licensed",
        }
    obj.update(
        id=new_id("price"),
        created=now(),
        currency=currency,
        unit_amount=unit_amount,
        unit_amount_decimal=str(unit_amount),
        product=product_id,
        recurring=recurring,
        type="recurring" if interval else "one_time",
        custom_unit_amount=None,
        transform_quantity=None,
        metadata={},
    )
    return obj


def plan_from_price(price_obj: Obj) -> Obj:
    """The legacy ``plan`` view of a recurring price that subscription items still carry."""
    plan: Obj = fixture("subscription_item")["plan"]
    recurring = price_obj["recurring"]
    plan.update(
        id=price_obj["id"],
        active=True,
        amount=price_obj["unit_amount"],
        amount_decimal=price_obj["unit_amount_decimal"],
        billing_scheme="per_unit",
        created=price_obj["created"],
        currency=price_obj["currency"],
        interval=recurring["interval"],
        interval_count=recurring["interval_count"],
        livemode=False,
        metadata={},
        product=price_obj["product"],
        transform_usage=None,
    )
    return plan


# Checkout


def checkout_session(fields: Obj) -> Obj:
    """A new open session; ``fields`` carries the values taken from the create params."""
    obj = fixture("checkout.session")
    session_id = new_id("cs_test", 58)
    payment_mode = fields["mode"] == "payment"
    obj.update(
        id=session_id,
        created=now(),
        status="open",
        payment_status="unpaid",
        payment_intent=None,
        customer_details=None,
        customer_creation="if_required" if payment_mode else None,
        after_expiration=None,
        adaptive_pricing={"enabled": False},
        automatic_tax={"enabled": False, "liability": None, "provider": None, "status": None},
        collected_information=None,
        consent=None,
        consent_collection=None,
        currency_conversion=None,
        custom_text={
            "after_submit": None,
            "shipping_address": None,
            "submit": None,
            "terms_of_service_acceptance": None,
        },
        invoice_creation=_invoice_creation(enabled=False) if payment_mode else None,
        managed_payments={"enabled": False},
        payment_method_collection=None if payment_mode else "always",
        payment_method_configuration_details=None,
        payment_method_options={"card": {"request_three_d_secure": "automatic"}},
        permissions=None,
        saved_payment_method_options=None,
        shipping_address_collection=None,
        shipping_cost=None,
        total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        ui_mode="hosted",
        wallet_options=None,
    )
    obj.update(fields)
    return obj


def _invoice_creation(*, enabled: bool) -> Obj:
    invoice_creation: Obj = fixture("checkout.session")["invoice_creation"]
    invoice_creation["enabled"] = enabled
    invoice_creation["invoice_data"].update(issuer=None, metadata={})
    return invoice_creation


def checkout_line_item(price_obj: Obj, quantity: int, description: str) -> Obj:
    obj = fixture("item")
    amount = price_obj["unit_amount"] * quantity
    obj.update(
        id=new_id("li"),
        amount_subtotal=amount,
        amount_total=amount,
        currency=price_obj["currency"],
        description=description,
        price=copy.deepcopy(price_obj),
        quantity=quantity,
        adjustable_quantity=None,
    )
    return obj


def customer_details(email: str | None, name: str | None) -> Obj:
    return {
        "address": address(),
        "business_name": None,
        "email": email,
        "individual_name": None,
        "name": name,
        "phone": None,
        "tax_exempt": "none",
        "tax_ids": [],
    }


# Payments


def payment_intent(amount: int, currency: str, customer_id: str | None, **fields: Any) -> Obj:
    obj = fixture("payment_intent")
    intent_id = new_id("pi")
    obj.update(
        id=intent_id,
        created=now(),
        amount=amount,
        currency=currency,
        customer=customer_id,
        client_secret=f"{intent_id}_secret_{new_id('s')[2:]}",
        description=fields.get("description"),
        metadata=fields.get("metadata", {}),
        receipt_email=fields.get("receipt_email"),
        statement_descriptor=fields.get("statement_descriptor"),
        statement_descriptor_suffix=fields.get("statement_descriptor_suffix"),
        automatic_payment_methods=None,
        canceled_at=None,
        last_payment_error=None,
        managed_payments={"enabled": False},
        next_action=None,
        payment_method_configuration_details=None,
        payment_method_options={
            "card": {
                "installments": None,
                "mandate_options": None,
                "network": None,
                "request_three_d_secure": "automatic",
            }
        },
        processing=None,
        shipping=None,
        transfer_data=None,
        status="requires_payment_method",
    )
    return obj


def card_details(card: Any, amount: int, three_d_secure: bool) -> Obj:
    """``payment_method_details`` of a card charge."""
    details: Obj = fixture("charge")["payment_method_details"]
    card_obj = details["card"]
    card_obj.update(
        amount_authorized=amount,
        brand=card.brand,
        country=card.country,
        exp_month=card.exp_month,
        exp_year=card.exp_year,
        fingerprint=card.fingerprint,
        last4=card.last4,
        network=card.brand,
        installments=None,
        overcapture={"maximum_amount_capturable": amount, "status": "unavailable"},
        three_d_secure=_three_d_secure() if three_d_secure else None,
        wallet=None,
        authorization_code=str(secrets.randbelow(900000) + 100000),
        network_transaction_id=str(secrets.randbelow(10**15)),
    )
    return details


def _three_d_secure() -> Obj:
    return {
        "authentication_flow": "challenge",
        "electronic_commerce_indicator": "05",
        "exemption_indicator": None,
        "result": "authenticated",
        "result_reason": None,
        "transaction_id": new_id("tds")[4:],
        "version": "2.2.0",
    }


def charge(intent: Obj, payment_method_obj: Obj, method_details: Obj, *, succeeded: bool) -> Obj:
    obj = fixture("charge")
    charge_id = new_id("ch")
    amount = intent["amount"]
    obj.update(
        id=charge_id,
        created=now(),
        amount=amount,
        amount_captured=amount if succeeded else 0,
        amount_refunded=0,
        balance_transaction=None,
        billing_details=copy.deepcopy(payment_method_obj["billing_details"]),
        calculated_statement_descriptor="STRIPE EMULATOR",
        captured=succeeded,
        currency=intent["currency"],
        customer=intent["customer"],
        description=intent["description"],
        disputed=False,
        metadata=copy.deepcopy(intent["metadata"]),
        outcome=_outcome(succeeded),
        paid=succeeded,
        payment_intent=intent["id"],
        payment_method=payment_method_obj["id"],
        payment_method_details=method_details,
        receipt_email=intent["receipt_email"],
        receipt_url=None,
        refunded=False,
        refunds=list_object([], f"/v1/charges/{charge_id}/refunds"),
        shipping=None,
        source=None,
        statement_descriptor=intent["statement_descriptor"],
        statement_descriptor_suffix=intent["statement_descriptor_suffix"],
        status="succeeded" if succeeded else "failed",
        failure_code=None if succeeded else "card_declined",
        failure_message=None if succeeded else "Your card was declined.",
        transfer_data=None,
    )
    return obj


def _outcome(succeeded: bool) -> Obj:
    outcome: Obj = fixture("charge")["outcome"]
    if succeeded:
        outcome.update(
            network_status="approved_by_network",
            seller_message="Payment complete.",
            type="authorized",
        )
    else:
        outcome.update(
            network_status="declined_by_network",
            reason="generic_decline",
            seller_message="The bank did not return any further details with this decline.",
            type="issuer_declined",
        )
    return outcome


def balance_transaction(
    amount: int,
    currency: str,
    *,
    type: str,
    source: str,
    fee: int = 0,
    description: str | None = None,
    reporting_category: str | None = None,
    exchange_rate: Decimal | None = None,
) -> Obj:
    """A pending transaction, available one week after creation (Stripe's Swedish schedule).

    ``exchange_rate`` (a Decimal, sent as a JSON number) is set when the source was in
    another currency than the balance's."""
    obj = fixture("balance_transaction")
    created = now()
    obj.update(
        id=new_id("txn"),
        created=created,
        available_on=_next_midnight(created + _ONE_WEEK),
        amount=amount,
        currency=currency,
        description=description,
        # A JSON number, as Stripe sends it: ``float`` prints the Decimal's own digits.
        exchange_rate=float(exchange_rate) if exchange_rate is not None else None,
        fee=fee,
        fee_details=fee_details(fee, currency) if fee else [],
        net=amount - fee,
        reporting_category=reporting_category or type,
        source=source,
        status="pending",
        type=type,
    )
    return obj


def _next_midnight(timestamp: int) -> int:
    return timestamp - timestamp % 86400 + 86400


def refund(charge_obj: Obj, amount: int, reason: str | None, metadata: Obj) -> Obj:
    obj = fixture("refund")
    obj.update(
        id=new_id("re"),
        created=now(),
        amount=amount,
        charge=charge_obj["id"],
        currency=charge_obj["currency"],
        payment_intent=charge_obj["payment_intent"],
        payment_method=charge_obj["payment_method"],
        reason=reason,
        metadata=metadata,
        status="succeeded",
        destination_details={
            "card": {
                "reference": secrets.token_hex(12),
                "reference_status": "available",
                "reference_type": "acquirer_reference_number",
                "type": "refund",
            },
            "type": "card",
        },
    )
    return obj


def dispute(charge_obj: Obj, amount: int, reason: str) -> Obj:
    obj = fixture("dispute")
    created = now()
    card = charge_obj["payment_method_details"]["card"]
    obj.update(
        id=new_id("dp"),
        created=created,
        amount=amount,
        charge=charge_obj["id"],
        currency=charge_obj["currency"],
        payment_intent=charge_obj["payment_intent"],
        reason=reason,
        status="needs_response",
        is_charge_refundable=False,
        enhanced_eligibility_types=[],
        balance_transactions=[],
        payment_method_details={
            "card": {
                "brand": card["brand"],
                "case_type": "chargeback",
                "network_reason_code": "10.4",
                "network": card["network"],
            },
            "type": "card",
        },
    )
    obj["evidence"]["enhanced_evidence"] = {}
    obj["evidence_details"].update(due_by=created + 3 * _ONE_WEEK, enhanced_eligibility={})
    return obj


def payout(amount: int, currency: str, destination: str) -> Obj:
    obj = fixture("payout")
    created = now()
    obj.update(
        id=new_id("po"),
        created=created,
        arrival_date=_next_midnight(created + 2 * 86400),
        amount=amount,
        currency=currency,
        destination=destination,
        status="in_transit",
        reconciliation_status="in_progress",
        trace_id={"status": "pending", "value": None},
    )
    return obj


# Billing


def subscription(customer_id: str, currency: str, **fields: Any) -> Obj:
    obj = fixture("subscription")
    created = now()
    subscription_id = new_id("sub")
    obj.update(
        id=subscription_id,
        created=created,
        start_date=created,
        billing_cycle_anchor=created,
        billing_cycle_anchor_config=None,
        billing_mode={"type": "classic", "updated_at": None},
        billing_schedules=[],
        billing_thresholds=None,
        cancel_at=None,
        cancel_at_period_end=False,
        canceled_at=None,
        currency=currency,
        customer=customer_id,
        default_payment_method=fields.get("default_payment_method"),
        description=fields.get("description"),
        ended_at=None,
        items=list_object([], f"/v1/subscription_items?subscription={subscription_id}"),
        latest_invoice=None,
        managed_payments={"enabled": False},
        metadata=fields.get("metadata", {}),
        next_pending_invoice_item_invoice=None,
        pause_collection=None,
        payment_settings={
            "payment_method_options": None,
            "payment_method_types": None,
            "save_default_payment_method": "off",
        },
        pending_invoice_item_interval=None,
        pending_update=None,
        status="active",
        transfer_data=None,
        trial_end=None,
        trial_start=None,
    )
    return obj


def subscription_item(
    subscription_id: str, price_obj: Obj, quantity: int, period: tuple[int, int]
) -> Obj:
    obj = fixture("subscription_item")
    obj.update(
        id=new_id("si", 14),
        created=now(),
        subscription=subscription_id,
        quantity=quantity,
        billing_thresholds=None,
        metadata={},
    )
    set_item_price(obj, price_obj)
    set_item_period(obj, period)
    return obj


def set_item_price(item: Obj, price_obj: Obj) -> None:
    item["price"] = copy.deepcopy(price_obj)
    item["plan"] = plan_from_price(price_obj)


def set_item_period(item: Obj, period: tuple[int, int]) -> None:
    item["current_period_start"], item["current_period_end"] = period


def invoice(
    subscription_obj: Obj, customer_obj: Obj, billing_reason: str, period: tuple[int, int]
) -> Obj:
    """A draft invoice for a subscription; lines and totals are filled by :func:`invoice_line`."""
    obj = fixture("invoice")
    created = now()
    invoice_id = new_id("in")
    del obj["subscription"]
    obj.update(
        id=invoice_id,
        created=created,
        account_country="SE",
        account_name="Stripe Emulator",
        amount_overpaid=0,
        amount_paid=0,
        attempt_count=0,
        attempted=False,
        auto_advance=True,
        automatic_tax={
            "disabled_reason": None,
            "enabled": False,
            "liability": None,
            "provider": None,
            "status": None,
        },
        billing_reason=billing_reason,
        currency=subscription_obj["currency"],
        customer=customer_obj["id"],
        customer_address=None,
        customer_email=customer_obj["email"],
        customer_name=customer_obj["name"],
        customer_shipping=None,
        due_date=None,
        effective_at=None,
        ending_balance=None,
        from_invoice=None,
        issuer={"type": "self"},
        last_finalization_error=None,
        lines=list_object([], f"/v1/invoices/{invoice_id}/lines"),
        metadata={},
        next_payment_attempt=None,
        number=None,
        parent={
            "quote_details": None,
            "subscription_details": {
                "metadata": copy.deepcopy(subscription_obj["metadata"]),
                "subscription": subscription_obj["id"],
            },
            "type": "subscription_details",
        },
        payment_settings={
            "default_mandate": None,
            "payment_method_options": None,
            "payment_method_types": None,
        },
        payments=list_object([], f"/v1/invoice_payments?invoice={invoice_id}"),
        period_start=period[0],
        period_end=period[1],
        shipping_cost=None,
        shipping_details=None,
        status="draft",
        status_transitions={
            "finalized_at": None,
            "marked_uncollectible_at": None,
            "paid_at": None,
            "voided_at": None,
        },
        total_pretax_credit_amounts=[],
        total_taxes=[],
        webhooks_delivered_at=None,
    )
    return obj


def invoice_line(invoice_obj: Obj, subscription_obj: Obj, item: Obj, product_name: str) -> Obj:
    price_obj = item["price"]
    amount = price_obj["unit_amount"] * item["quantity"]
    obj = fixture("line_item")
    obj.update(
        id=new_id("il"),
        amount=amount,
        currency=price_obj["currency"],
        description=f"{item['quantity']} × {product_name} (at {_per_interval(price_obj)})",
        invoice=invoice_obj["id"],
        metadata=copy.deepcopy(subscription_obj["metadata"]),
        period={"start": item["current_period_start"], "end": item["current_period_end"]},
        quantity=item["quantity"],
        quantity_decimal=str(item["quantity"]),
        subscription=subscription_obj["id"],
        subtotal=amount,
        taxes=[],
        pretax_credit_amounts=[],
        parent={
            "invoice_item_details": None,
            "subscription_item_details": {
                "invoice_item": None,
                "proration": False,
                "proration_details": {"credited_items": None},
                "subscription": subscription_obj["id"],
                "subscription_item": item["id"],
            },
            "type": "subscription_item_details",
        },
        pricing={
            "price_details": {"price": price_obj["id"], "product": price_obj["product"]},
            "type": "price_details",
            "unit_amount_decimal": price_obj["unit_amount_decimal"],
        },
    )
    return obj


def _per_interval(price_obj: Obj) -> str:
    amount = format_amount(price_obj["unit_amount"], price_obj["currency"])
    return f"{amount} / {price_obj['recurring']['interval']}"


def invoice_payment(invoice_obj: Obj, intent_id: str) -> Obj:
    obj = fixture("invoice_payment")
    obj.update(
        id=new_id("inpay"),
        created=now(),
        amount_paid=None,
        amount_requested=invoice_obj["amount_due"],
        currency=invoice_obj["currency"],
        invoice=invoice_obj["id"],
        is_default=True,
        livemode=False,
        payment={"payment_intent": intent_id, "type": "payment_intent"},
        status="open",
    )
    return obj


def portal_session(
    customer_id: str, return_url: str | None, configuration: str, url_prefix: str
) -> Obj:
    """A portal session whose ``url`` is ``url_prefix`` followed by its id."""
    obj = fixture("billing_portal.session")
    session_id = new_id("bps")
    obj.update(
        id=session_id,
        created=now(),
        configuration=configuration,
        customer=customer_id,
        flow=None,
        livemode=False,
        return_url=return_url,
        url=url_prefix + session_id,
    )
    return obj


def event(
    event_type: str,
    data_object: Obj,
    previous_attributes: Obj | None,
    *,
    api_version: str,
    pending_webhooks: int,
    request: Obj,
) -> Obj:
    obj = fixture("event")
    data: Obj = {"object": copy.deepcopy(data_object)}
    if previous_attributes is not None:
        data["previous_attributes"] = previous_attributes
    obj.update(
        id=new_id("evt"),
        api_version=api_version,
        created=now(),
        data=data,
        livemode=False,
        pending_webhooks=pending_webhooks,
        request=request,
        type=event_type,
    )
    return obj


def card_fingerprint(number: str) -> str:
    digest = hashlib.sha256(number.encode()).digest()
    return "".join(_ALPHABET[byte % len(_ALPHABET)] for byte in digest[:16])
