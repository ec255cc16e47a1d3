"""Money is integer minor units plus an ISO 4217 code; this formats it for people."""

import re
from decimal import ROUND_HALF_UP, Decimal

from fundraising.translation import current_language

NBSP = "\u00a0"


def _group(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


def format_money(amount_minor: int, currency: str, language: str | None = None) -> str:
    """``25000, "SEK"`` → ``250 kr`` in Swedish, ``SEK 250`` in English; ``2550, "EUR"`` →
    ``25,50 €`` / ``€25.50``. Whole amounts drop the decimals in every currency
    (``2500, "EUR"`` → ``25 €`` / ``€25``)."""
    language = language or current_language()
    negative = amount_minor < 0
    units, cents = divmod(abs(int(amount_minor)), 100)
    currency = currency.upper()
    show_cents = cents != 0
    if language == "sv":
        number = _group(units, NBSP) + (f",{cents:02d}" if show_cents else "")
        text = f"{number}{NBSP}kr" if currency == "SEK" else f"{number}{NBSP}{_symbol(currency)}"
    else:
        number = _group(units, ",") + (f".{cents:02d}" if show_cents else "")
        text = f"SEK{NBSP}{number}" if currency == "SEK" else f"{_symbol(currency)}{number}"
    return f"-{text}" if negative else text


def _symbol(currency: str) -> str:
    return {"EUR": "€"}.get(currency, currency)


def major_to_minor(amount: object) -> int:
    """A whole or decimal amount typed by a person (Decimal/str/int) → minor units."""
    return int((Decimal(str(amount)) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def minor_to_major(amount_minor: int) -> Decimal:
    """``25050`` → ``Decimal("250.50")``: exact, for forms and exports (never a float)."""
    return Decimal(int(amount_minor)).scaleb(-2)


MAX_MINOR_DIGITS = 18  # fits a signed 64-bit column


def minor_units_from_text(text: str) -> int | None:
    """An amount in minor units written as plain ASCII digits (``"25000"``), else None.
    ``"²"`` and ``"٣"`` pass ``str.isdigit`` but are not amounts; a very long string of
    digits would make ``int`` raise."""
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_MINOR_DIGITS:
        return None
    return int(text)


_SPACES = "[ \u00a0\u202f]"
_WRITTEN_AMOUNT = re.compile(rf"-?(?:\d{{1,3}}(?:{_SPACES}\d{{3}})+|\d+)(?:[.,]\d+)?", re.ASCII)


def major_from_text(text: str) -> Decimal | None:
    """An amount as a person writes it in either language (``"99,50"``, ``"99.50"``,
    ``"1 000,50"``) → ``Decimal("99.50")``; anything else → None."""
    text = text.strip()
    if not _WRITTEN_AMOUNT.fullmatch(text):
        return None
    return Decimal(re.sub(_SPACES, "", text).replace(",", "."))


def format_major(amount_minor: int, language: str | None = None) -> str:
    """``25564`` → ``"255,64"`` in Swedish, ``"255.64"`` in English, ``25500`` → ``"255"``:
    an amount to pre-fill a form field with, in the page's language, without a symbol."""
    major = minor_to_major(amount_minor)
    text = str(major if amount_minor % 100 else major.quantize(1))
    return text.replace(".", ",") if (language or current_language()) == "sv" else text
