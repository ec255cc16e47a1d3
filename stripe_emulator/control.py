"""Emulator-only control endpoints under ``/_emulator/`` (no API key needed).

They stand in for things that happen outside the API in real life: a donor paying on the hosted
page, time passing until a renewal, a cardholder disputing a charge, Stripe paying out.
"""

from __future__ import annotations

from datetime import UTC, datetime

from stripe_emulator import balance, billing, checkout
from stripe_emulator.cards import InputError
from stripe_emulator.core import Emulator
from stripe_emulator.errors import StripeError, card_error, invalid_request
from stripe_emulator.forms import enum_param, require
from stripe_emulator.objects import list_object
from stripe_emulator.web import Request, Response, Router, json_response

DEFAULT_NAME = "Jenny Rosen"


def pay_checkout_session(emu: Emulator, request: Request, id: str) -> Response:
    """Pay without a browser, through the same code path as the hosted form.

    Params: ``card`` (required), ``email``, ``name``, ``exp`` (``MM / YY``), ``cvc``, and
    ``authenticate=complete|fail`` for 3D Secure cards (default ``complete``).
    """
    session = emu.store.fetch("checkout.session", id)
    params = request.params
    require(params, "card")
    outcome = enum_param(params, "authenticate", ("complete", "fail")) or "complete"
    next_year = datetime.now(UTC).year % 100 + 5
    form = {
        "email": params.get("email") or checkout.locked_email(emu, session) or "donor@example.com",
        "name": params.get("name") or DEFAULT_NAME,
        "cardnumber": params["card"],
        "exp": params.get("exp") or f"12 / {next_year:02d}",
        "cvc": params.get("cvc") or "123",
    }
    try:
        try:
            completed = checkout.submit_payment(emu, session, form)
        except checkout.AuthenticationRequired as required:
            completed = checkout.finish_authentication(
                emu, session, required.token, outcome == "complete"
            )
    except InputError as problem:
        raise StripeError(
            problem.message, status=402, type="card_error", code=problem.code, param=problem.field
        ) from problem
    except checkout.PaymentDeclined as declined:
        raise card_error(declined.message, declined.code, declined.decline_code) from declined
    except checkout.SessionNotOpen as closed:
        raise invalid_request(
            f"This Checkout Session is {session['status']} and can no longer be paid."
        ) from closed
    return json_response(completed)


def renew_subscription(emu: Emulator, request: Request, id: str) -> Response:
    subscription = emu.store.fetch("subscription", id)
    return json_response(billing.renew(emu, subscription, request.params))


def dispute_charge(emu: Emulator, request: Request, id: str) -> Response:
    charge = emu.store.fetch("charge", id)
    return json_response(balance.open_dispute(emu, charge, request.params))


def close_dispute(emu: Emulator, request: Request, id: str) -> Response:
    dispute = emu.store.fetch("dispute", id)
    return json_response(balance.close_dispute(emu, dispute, request.params))


def submit_dispute_evidence(emu: Emulator, request: Request, id: str) -> Response:
    dispute = emu.store.fetch("dispute", id)
    return json_response(balance.submit_evidence(emu, dispute, request.params))


def create_payouts(emu: Emulator, request: Request) -> Response:
    """Returns a list object: one payout per currency with a positive unpaid balance."""
    payouts = balance.create_payouts(emu, request.params)
    return json_response(list_object(payouts, "/v1/payouts", total_count=False))


def resend_event(emu: Emulator, request: Request, id: str) -> Response:
    event = emu.store.fetch("event", id)
    emu.resend(event)
    return json_response(event)


def state(emu: Emulator, request: Request) -> Response:
    dump = emu.store.dump()
    dump["webhook_deliveries"] = [attempt.as_dict() for attempt in emu.dispatcher.attempts]
    return json_response(dump)


def reset(emu: Emulator, request: Request) -> Response:
    emu.reset()
    return json_response({"reset": True})


def register(router: Router) -> None:
    add = router.add
    add("POST", "/_emulator/checkout/sessions/{id}/pay", pay_checkout_session)
    add("POST", "/_emulator/subscriptions/{id}/renew", renew_subscription)
    add("POST", "/_emulator/charges/{id}/dispute", dispute_charge)
    add("POST", "/_emulator/disputes/{id}/evidence", submit_dispute_evidence)
    add("POST", "/_emulator/disputes/{id}/close", close_dispute)
    add("POST", "/_emulator/payouts", create_payouts)
    add("POST", "/_emulator/events/{id}/resend", resend_event)
    add("GET", "/_emulator/state", state)
    add("POST", "/_emulator/reset", reset)
