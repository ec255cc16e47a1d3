"""What every Stripe record is read with: id shapes, amounts, currencies, timestamps,
and the error a payload that lacks them raises."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

Payload = Mapping[str, Any]

# Stripe ids are ASCII tokens (``evt_1NG8Du2eZvKYlo2C…``); anything else in an id field
# is not something Stripe sent us and must not reach the database. Ids are stored in
# 64-character columns, except Checkout Sessions' (they run to 66 characters; 255).
STRIPE_ID = re.compile(r"[A-Za-z0-9_]{1,64}")
SESSION_ID = re.compile(r"[A-Za-z0-9_]{1,255}")
# The largest amount a database column holds (a signed 64-bit integer).
MAX_AMOUNT_MINOR = 2**63 - 1


class MalformedStripeObject(ValueError):
    """A Stripe payload without the fields the ledger needs, or with ids of the wrong shape."""


def _match(pattern: re.Pattern[str], value: object, what: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise MalformedStripeObject(f"{what} missing or of an unexpected shape")
    return value


def _optional_id(value: object) -> str | None:
    """Stripe fields are ids, or whole objects when expanded; None when absent."""
    if isinstance(value, Mapping):
        value = value.get("id")
    if value is None or value == "":
        return None
    return _match(STRIPE_ID, value, "id")


def _required_id(value: object, what: str) -> str:
    found = _optional_id(value)
    if found is None:
        raise MalformedStripeObject(f"{what} missing")
    return found


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    """The ``data`` of a Stripe list; empty when absent or not a list."""
    return value if isinstance(value, list) else []


def _first(value: object) -> Mapping[str, Any]:
    """The first object of a Stripe list's ``data``; empty when there is none."""
    items = _list(value)
    return _mapping(items[0]) if items else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _amount(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AMOUNT_MINOR:
        raise MalformedStripeObject(f"amount {value!r} is not a whole number of minor units")
    return value


def _amount_or_none(value: object) -> int | None:
    try:
        return _amount(value)
    except MalformedStripeObject:
        return None


def _signed_amount(value: object) -> int:
    """Balance amounts are negative for money leaving the balance."""
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_AMOUNT_MINOR:
        raise MalformedStripeObject(f"amount {value!r} is not a whole number of minor units")
    return value


def _currency(value: object) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{3}", value):
        return value.upper()
    return None


def _timestamp(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
