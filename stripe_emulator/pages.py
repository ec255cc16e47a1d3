"""HTML of the hosted pages: Checkout's payment page, the 3D Secure step, the customer portal.

Plain, accessible markup (labels, one ``role="alert"`` message, visible focus). The text is
English only: these pages stand in for Stripe's, not the product's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from html import escape

from stripe_emulator.objects import Obj

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; background: #f6f8fa; color: #1a1f36; }
main { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; background: #fff;
       border-radius: 8px; box-shadow: 0 1px 4px rgba(0, 0, 0, .12); }
h1 { font-size: 1.4rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.1rem; }
.badge { display: inline-block; background: #ffde92; color: #5a3100; font-size: .75rem;
         font-weight: 600; padding: .1rem .45rem; border-radius: 4px; margin: 0; }
.amount { font-size: 1.8rem; font-weight: 600; margin: .25rem 0; }
.muted { color: #545969; }
label { display: block; font-weight: 600; margin: .9rem 0 .3rem; }
input { box-sizing: border-box; width: 100%; padding: .55rem; font-size: 1rem;
        border: 1px solid #8792a2; border-radius: 4px; }
input[aria-invalid="true"] { border-color: #c0123c; }
.row { display: flex; gap: .75rem; }
.row > div { flex: 1; }
button { margin-top: 1.2rem; width: 100%; padding: .7rem; font-size: 1rem; font-weight: 600;
         color: #fff; background: #635bff; border: 0; border-radius: 4px; cursor: pointer; }
button.secondary { background: #fff; color: #c0123c; border: 1px solid #c0123c; }
:focus-visible { outline: 3px solid #0a66c2; outline-offset: 2px; }
.error { margin-top: 1rem; padding: .6rem .8rem; color: #8a0b2a; background: #ffe9ee;
                 border: 1px solid #c0123c; border-radius: 4px; }
.notice { margin-top: 1rem; padding: .6rem .8rem; background: #e7f6ec;
                  border: 1px solid #1b7f3b; border-radius: 4px; }
.links { margin-top: 1.2rem; }
.hint { margin-top: 1.5rem; font-size: .85rem; color: #545969; }
article { border-top: 1px solid #e3e8ee; padding: .5rem 0; }
"""


_text = partial(escape, quote=False)
"""Escape for text content (apostrophes stay readable); attributes use ``escape``."""

_ADVERBS = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}


@dataclass(frozen=True)
class LineSummary:
    name: str
    amount: str
    quantity: int


@dataclass(frozen=True)
class FormError:
    message: str
    field: str | None = None
    """The input the message is about, or ``None`` for a declined payment."""


def _layout(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_text(title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
<p class="badge">Test mode</p>
{body}
</main>
</body>
</html>
"""


def _input(
    name: str,
    label: str,
    value: str,
    error: FormError | None,
    *,
    autocomplete: str,
    extra: str = "",
    required: bool = True,
) -> str:
    invalid = error is not None and error.field == name
    aria = ' aria-invalid="true" aria-describedby="form-error"' if invalid else ""
    flag = " required" if required else ""
    return (
        f'<label for="{name}">{_text(label)}</label>'
        f'<input id="{name}" name="{name}" value="{escape(value)}" '
        f'autocomplete="{autocomplete}"{flag}{aria}{extra}>'
    )


def _card_inputs(values: dict[str, str], error: FormError | None, *, two_columns: bool) -> str:
    """Cardholder name, number, expiry and CVC; the number and CVC are never echoed back."""
    name = _input(
        "name",
        "Cardholder name",
        values.get("name", ""),
        error,
        autocomplete="cc-name",
        required=False,
    )
    number = _input(
        "cardnumber",
        "Card number",
        "",
        error,
        autocomplete="cc-number",
        extra=' inputmode="numeric" placeholder="1234 1234 1234 1234"',
    )
    exp = _input(
        "exp",
        "Expiry (MM / YY)",
        values.get("exp", ""),
        error,
        autocomplete="cc-exp",
        extra=' placeholder="MM / YY"',
    )
    cvc = _input(
        "cvc",
        "CVC",
        "",
        error,
        autocomplete="cc-csc",
        extra=' inputmode="numeric" placeholder="CVC"',
    )
    if two_columns:
        return f'{name}{number}<div class="row"><div>{exp}</div><div>{cvc}</div></div>'
    return f"{name}{number}{exp}{cvc}"


def _alert(error: FormError | None) -> str:
    if error is None:
        return ""
    return f'<div role="alert" id="form-error" class="error">{_text(error.message)}</div>'


def submit_label(session: Obj) -> str:
    if session["mode"] == "subscription":
        return "Subscribe"
    return {"donate": "Donate", "book": "Book"}.get(session["submit_type"] or "", "Pay")


def checkout_page(
    session: Obj,
    lines: list[LineSummary],
    total: str,
    interval: str | None,
    *,
    values: dict[str, str],
    locked_email: str | None,
    error: FormError | None = None,
) -> str:
    """The payment form; ``interval`` (e.g. ``month``) is set for subscriptions.

    The heading is just the product name so the only "Pay"/"Donate"/"Subscribe" on the page is
    the button (text selectors in browser tests stay unambiguous).
    """
    cadence = f" per {interval}" if interval else ""
    billed = f'<p class="muted">Billed {_ADVERBS[interval]}</p>' if interval else ""
    items = "".join(
        f"<li>{_text(line.name)}"
        f"{f' × {line.quantity}' if line.quantity > 1 else ''}: {_text(line.amount)}</li>"
        for line in lines
    )
    email_extra = ' type="email" readonly' if locked_email else ' type="email"'
    fields = "".join(
        [
            _input(
                "email",
                "Email",
                locked_email or values.get("email", ""),
                error,
                autocomplete="email",
                extra=email_extra,
            ),
            _card_inputs(values, error, two_columns=True),
        ]
    )
    cancel = (
        f'<p class="links"><a href="{escape(session["cancel_url"])}">Cancel</a></p>'
        if session["cancel_url"]
        else ""
    )
    body = f"""<h1>{_text(lines[0].name)}</h1>
<section aria-label="Order summary">
<p class="amount">{_text(total)}{cadence}</p>
{billed}
<ul>{items}</ul>
</section>
{_alert(error)}
<form method="post" action="/pay/{escape(session["id"])}" novalidate>
{fields}
<button type="submit">{submit_label(session)}</button>
</form>
{cancel}
<p class="hint">Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined,
4000 0025 0000 3155 asks for authentication. Use any future expiry date and any CVC.</p>"""
    return _layout(lines[0].name, body)


def authentication_page(session: Obj, token: str, total: str) -> str:
    body = f"""<h1>Authenticate this payment</h1>
<p>Your bank asks you to confirm the payment of <strong>{_text(total)}</strong>.</p>
<p class="muted">This is a test 3D Secure page: choose how the authentication should end.</p>
<form method="post" action="/pay/{escape(session["id"])}/authenticate">
<input type="hidden" name="attempt" value="{escape(token)}">
<button type="submit" name="outcome" value="complete">Complete authentication</button>
<button type="submit" name="outcome" value="fail" class="secondary">Fail authentication</button>
</form>"""
    return _layout("Authenticate this payment", body)


def closed_page(session: Obj) -> str:
    if session["status"] == "complete":
        title, text = "Payment complete", "This checkout session has already been paid."
    else:
        title, text = "Session expired", "This checkout session has expired."
    back = (
        f'<p class="links"><a href="{escape(session["cancel_url"])}">Back</a></p>'
        if session["cancel_url"] and session["status"] != "complete"
        else ""
    )
    return _layout(title, f"<h1>{title}</h1><p>{text}</p>{back}")


def thank_you_page() -> str:
    return _layout("Payment complete", "<h1>Thank you</h1><p>Your payment is complete.</p>")


def not_found_page(what: str) -> str:
    return _layout("Not found", f"<h1>Not found</h1><p>{_text(what)} does not exist.</p>")


@dataclass(frozen=True)
class SubscriptionSummary:
    id: str
    name: str
    amount: str
    status_text: str
    cancel_scheduled: bool
    live: bool


def format_date(timestamp: int) -> str:
    moment = datetime.fromtimestamp(timestamp, UTC)
    return f"{moment.day} {moment:%B %Y}"


def portal_page(
    portal: Obj,
    email: str | None,
    subscriptions: list[SubscriptionSummary],
    card: str | None,
    notice: str | None,
) -> str:
    base = f"/portal/{escape(portal['id'])}"
    articles = "".join(_subscription_article(base, summary) for summary in subscriptions)
    if not articles:
        articles = "<p>You have no subscriptions.</p>"
    status = f'<div role="status" class="notice">{_text(notice)}</div>' if notice else ""
    back = (
        f'<p class="links"><a href="{escape(portal["return_url"])}">Return to website</a></p>'
        if portal["return_url"]
        else ""
    )
    body = f"""<h1>Manage your subscriptions</h1>
<p class="muted">{_text(email or "")}</p>
{status}
<section aria-labelledby="subscriptions-heading">
<h2 id="subscriptions-heading">Subscriptions</h2>
{articles}
</section>
<section aria-labelledby="card-heading">
<h2 id="card-heading">Payment method</h2>
<p>{_text(card or "No card on file")}</p>
<p><a href="{base}/card">Update card</a></p>
</section>
{back}"""
    return _layout("Manage your subscriptions", body)


def _subscription_article(base: str, summary: SubscriptionSummary) -> str:
    action = ""
    if summary.live:
        path, label, css = (
            ("renew", "Don't cancel", "")
            if summary.cancel_scheduled
            else ("cancel", "Cancel subscription", ' class="secondary"')
        )
        action = (
            f'<form method="post" action="{base}/subscriptions/{escape(summary.id)}/{path}">'
            f'<button type="submit"{css}>{label}</button></form>'
        )
    return (
        f"<article><h3>{_text(summary.name)}</h3><p>{_text(summary.amount)}</p>"
        f"<p>{_text(summary.status_text)}</p>{action}</article>"
    )


def card_form_page(portal: Obj, values: dict[str, str], error: FormError | None = None) -> str:
    base = f"/portal/{escape(portal['id'])}"
    fields = _card_inputs(values, error, two_columns=False)
    body = f"""<h1>Update card</h1>
{_alert(error)}
<form method="post" action="{base}/card" novalidate>
{fields}
<button type="submit">Save card</button>
</form>
<p class="links"><a href="{base}">Back</a></p>"""
    return _layout("Update card", body)
