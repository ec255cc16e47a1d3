"""Handlers of the pages Stripe hosts: Checkout's payment page and the customer portal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stripe_emulator import billing, checkout, pages, payments
from stripe_emulator.cards import InputError, read_card
from stripe_emulator.core import Emulator
from stripe_emulator.money import format_amount
from stripe_emulator.objects import Obj
from stripe_emulator.web import Request, Response, Router, html_response, redirect

PORTAL_NOTICES = {
    "canceled": "Your subscription will be canceled at the end of the billing period.",
    "renewed": "Your subscription will continue.",
    "card_updated": "Your card was updated.",
}


def _find(emu: Emulator, object_id: str, object_type: str) -> Obj | None:
    obj = emu.store.get(object_id)
    return obj if obj is not None and obj["object"] == object_type else None


def _missing(what: str) -> Response:
    return html_response(pages.not_found_page(what), 404)


def _form_values(params: Mapping[str, Any]) -> dict[str, str]:
    """What to put back in the form after an error (never the card number or CVC)."""
    return {name: str(params.get(name) or "") for name in ("email", "name", "exp")}


# Checkout


def show_checkout(emu: Emulator, request: Request, id: str) -> Response:
    session = _find(emu, id, "checkout.session")
    if session is None:
        return _missing("This checkout session")
    checkout.expire_if_due(emu, session)
    if session["status"] != "open":
        return html_response(pages.closed_page(session))
    return _checkout_form(emu, session, {}, None)


def submit_checkout(emu: Emulator, request: Request, id: str) -> Response:
    session = _find(emu, id, "checkout.session")
    if session is None:
        return _missing("This checkout session")
    values = _form_values(request.params)
    try:
        completed = checkout.submit_payment(emu, session, request.params)
    except InputError as problem:
        return _checkout_form(emu, session, values, pages.FormError(problem.message, problem.field))
    except checkout.PaymentDeclined as declined:
        return _checkout_form(emu, session, values, pages.FormError(declined.message))
    except checkout.AuthenticationRequired as required:
        total = format_amount(session["amount_total"], session["currency"])
        return html_response(pages.authentication_page(session, required.token, total))
    except checkout.SessionNotOpen:
        return html_response(pages.closed_page(session))
    return _after_payment(completed)


def authenticate_checkout(emu: Emulator, request: Request, id: str) -> Response:
    session = _find(emu, id, "checkout.session")
    if session is None:
        return _missing("This checkout session")
    token = str(request.params.get("attempt") or "")
    succeeded = request.params.get("outcome") == "complete"
    try:
        completed = checkout.finish_authentication(emu, session, token, succeeded)
    except InputError as problem:
        return _checkout_form(emu, session, {}, pages.FormError(problem.message))
    except checkout.PaymentDeclined as declined:
        return _checkout_form(emu, session, {}, pages.FormError(declined.message))
    except checkout.SessionNotOpen:
        return html_response(pages.closed_page(session))
    return _after_payment(completed)


def _checkout_form(
    emu: Emulator, session: Obj, values: dict[str, str], error: pages.FormError | None
) -> Response:
    items = checkout.line_items(emu, session)
    lines = [
        pages.LineSummary(
            item["description"],
            format_amount(item["amount_total"], item["currency"]),
            item["quantity"],
        )
        for item in items
    ]
    recurring = items[0]["price"]["recurring"]
    html = pages.checkout_page(
        session,
        lines,
        format_amount(session["amount_total"], session["currency"]),
        recurring["interval"] if recurring else None,
        values=values,
        locked_email=checkout.locked_email(emu, session),
        error=error,
    )
    return html_response(html)


def _after_payment(session: Obj) -> Response:
    if session["success_url"]:
        return redirect(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]))
    return html_response(pages.thank_you_page())


# Customer portal


def show_portal(emu: Emulator, request: Request, id: str) -> Response:
    portal = _find(emu, id, "billing_portal.session")
    if portal is None:
        return _missing("This portal session")
    customer = emu.store.fetch("customer", portal["customer"])
    subscriptions = [
        _summary(emu, subscription)
        for subscription in reversed(emu.store.all("subscription"))
        if subscription["customer"] == customer["id"]
    ]
    notice = PORTAL_NOTICES.get(str(request.params.get("notice") or ""))
    html = pages.portal_page(
        portal, customer["email"], subscriptions, _card_text(emu, customer), notice
    )
    return html_response(html)


def _summary(emu: Emulator, subscription: Obj) -> pages.SubscriptionSummary:
    item = subscription["items"]["data"][0]
    price = item["price"]
    amount = format_amount(price["unit_amount"] * item["quantity"], price["currency"])
    period_end = pages.format_date(item["current_period_end"])
    if subscription["status"] == "canceled":
        status_text = "Canceled"
    elif subscription["cancel_at_period_end"]:
        status_text = f"Cancels on {period_end}"
    elif subscription["status"] == "past_due":
        status_text = "Payment failed: update your card to keep your subscription."
    else:
        status_text = f"Next payment on {period_end}"
    return pages.SubscriptionSummary(
        id=subscription["id"],
        name=billing.product_name(emu, price),
        amount=f"{amount} per {price['recurring']['interval']}",
        status_text=status_text,
        cancel_scheduled=subscription["cancel_at_period_end"],
        live=subscription["status"] != "canceled",
    )


def _card_text(emu: Emulator, customer: Obj) -> str | None:
    method_id = customer["invoice_settings"]["default_payment_method"]
    for subscription in billing.live_subscriptions(emu, customer["id"]):
        method_id = method_id or subscription["default_payment_method"]
    method = emu.store.get(method_id) if method_id else None
    if method is None:
        return None
    return f"{method['card']['brand'].title()} ending in {method['card']['last4']}"


def portal_cancel(emu: Emulator, request: Request, id: str, subscription_id: str) -> Response:
    return _portal_subscription_change(emu, id, subscription_id, "true", "canceled")


def portal_renew(emu: Emulator, request: Request, id: str, subscription_id: str) -> Response:
    return _portal_subscription_change(emu, id, subscription_id, "false", "renewed")


def _portal_subscription_change(
    emu: Emulator, portal_id: str, subscription_id: str, cancel_at_period_end: str, notice: str
) -> Response:
    """Like Stripe's default portal settings, cancelling takes effect at the period end."""
    portal = _find(emu, portal_id, "billing_portal.session")
    subscription = _find(emu, subscription_id, "subscription")
    if portal is None or subscription is None or subscription["customer"] != portal["customer"]:
        return _missing("This subscription")
    billing.update(emu, subscription, {"cancel_at_period_end": cancel_at_period_end})
    return redirect(emu.url(f"/portal/{portal_id}?notice={notice}"))


def show_card_form(emu: Emulator, request: Request, id: str) -> Response:
    portal = _find(emu, id, "billing_portal.session")
    if portal is None:
        return _missing("This portal session")
    return html_response(pages.card_form_page(portal, {}))


def save_card(emu: Emulator, request: Request, id: str) -> Response:
    """Save a test card as the default for renewals (even one that will be declined)."""
    portal = _find(emu, id, "billing_portal.session")
    if portal is None:
        return _missing("This portal session")
    params = request.params
    try:
        card = read_card(
            str(params.get("cardnumber") or ""),
            str(params.get("exp") or ""),
            str(params.get("cvc") or ""),
        )
    except InputError as problem:
        error = pages.FormError(problem.message, problem.field)
        return html_response(pages.card_form_page(portal, _form_values(params), error))
    customer = emu.store.fetch("customer", portal["customer"])
    name = str(params.get("name") or "").strip() or customer["name"]
    method = payments.save_payment_method(emu, card, customer["id"], customer["email"], name)
    billing.save_default_card(emu, customer, method)
    return redirect(emu.url(f"/portal/{id}?notice=card_updated"))


def register(router: Router) -> None:
    add = router.add
    add("GET", "/pay/{id}", show_checkout)
    add("POST", "/pay/{id}", submit_checkout)
    add("POST", "/pay/{id}/authenticate", authenticate_checkout)
    add("GET", "/portal/{id}", show_portal)
    add("POST", "/portal/{id}/subscriptions/{subscription_id}/cancel", portal_cancel)
    add("POST", "/portal/{id}/subscriptions/{subscription_id}/renew", portal_renew)
    add("GET", "/portal/{id}/card", show_card_form)
    add("POST", "/portal/{id}/card", save_card)
