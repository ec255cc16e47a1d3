"""Stripe's test card numbers and the card form's validation messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from stripe_emulator.objects import card_fingerprint


class Behaviour(Enum):
    SUCCEEDS = "succeeds"
    DECLINED = "declined"
    REQUIRES_AUTHENTICATION = "requires_authentication"
    DECLINED_WHEN_CHARGED = "declined_when_charged"
    """Saving the card works, every charge is declined (Stripe's ``4000 0000 0000 0341``)."""
    REFUNDS_FAIL = "refunds_fail"
    """Charges succeed, refunds of them fail (Stripe's ``4000 0000 0000 5126``)."""


TEST_CARDS: dict[str, tuple[str, Behaviour]] = {
    "4242424242424242": ("visa", Behaviour.SUCCEEDS),
    "5555555555554444": ("mastercard", Behaviour.SUCCEEDS),
    "4000000000000002": ("visa", Behaviour.DECLINED),
    "4000002500003155": ("visa", Behaviour.REQUIRES_AUTHENTICATION),
    "4000000000000341": ("visa", Behaviour.DECLINED_WHEN_CHARGED),
    "4000000000005126": ("visa", Behaviour.REFUNDS_FAIL),
}

DECLINED_MESSAGE = "Your card was declined."
AUTHENTICATION_FAILED_MESSAGE = (
    "We are unable to authenticate your payment method. "
    "Please choose a different payment method and try again."
)

_EXPIRY = re.compile(r"^\s*(\d{1,2})\s*/?\s*(\d{2}|\d{4})\s*$")


class InputError(ValueError):
    """A problem with what was typed into the payment form, tied to the offending field."""

    def __init__(self, field: str, message: str, code: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Card:
    number: str
    exp_month: int
    exp_year: int
    brand: str
    behaviour: Behaviour
    country: str = "SE"
    """Test cards are reported as Swedish (EEA) cards so the EEA fee rate applies."""

    @property
    def last4(self) -> str:
        return self.number[-4:]

    @property
    def fingerprint(self) -> str:
        return card_fingerprint(self.number)

    @property
    def declines_charges(self) -> bool:
        return self.behaviour in (Behaviour.DECLINED, Behaviour.DECLINED_WHEN_CHARGED)


def read_card(number: str, expiry: str, cvc: str, today: datetime | None = None) -> Card:
    """Validate the card fields like Stripe's card form; raises :class:`InputError`."""
    digits = re.sub(r"[\s-]", "", number or "")
    if not digits:
        raise InputError("cardnumber", "Your card number is incomplete.", "incomplete_number")
    if digits not in TEST_CARDS:
        raise InputError("cardnumber", "Your card number is invalid.", "invalid_number")
    exp_month, exp_year = _read_expiry(expiry or "", today or datetime.now(UTC))
    if not re.fullmatch(r"\d{3}", (cvc or "").strip()):
        raise InputError("cvc", "Your card's security code is incomplete.", "incomplete_cvc")
    brand, behaviour = TEST_CARDS[digits]
    return Card(digits, exp_month, exp_year, brand, behaviour)


def _read_expiry(expiry: str, today: datetime) -> tuple[int, int]:
    match = _EXPIRY.match(expiry)
    if not match:
        raise InputError("exp", "Your card's expiration date is incomplete.", "incomplete_expiry")
    month, year = int(match.group(1)), int(match.group(2))
    if year < 100:
        year += 2000
    if not 1 <= month <= 12:
        raise InputError("exp", "Your card's expiration month is invalid.", "invalid_expiry_month")
    if year < today.year:
        raise InputError(
            "exp", "Your card's expiration year is in the past.", "invalid_expiry_year_past"
        )
    if (year, month) < (today.year, today.month):
        raise InputError(
            "exp", "Your card's expiration date is in the past.", "invalid_expiry_month_past"
        )
    return month, year
