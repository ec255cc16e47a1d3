"""Currency rules: processing fees, minimum charge amounts, and display formatting."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO_DECIMAL_CURRENCIES = frozenset(
    [
        "bif",
        "clp",
        "djf",
        "gnf",
        "jpy",
        "kmf",
        "krw",
        "mga",
        "pyg",
        "rwf",
        "ugx",
        "vnd",
        "vuv",
        "xaf",
        "xof",
        "xpf",
    ]
)

# Stripe's standard pricing for a Swedish account charging EEA cards: 1.5 % plus a fixed fee in
# the charge currency (1.80 kr for SEK, €0.25 for EUR). Other currencies get 25 minor units.
_FEE_PERCENT = Decimal("0.015")
_FIXED_FEES = {"sek": 180, "eur": 25}
_DEFAULT_FIXED_FEE = 25

# Stripe's minimum charge amounts, in the currency's smallest unit.
_MINIMUM_AMOUNTS = {"sek": 300, "eur": 50, "usd": 50, "gbp": 30, "nok": 300, "dkk": 250}
_DEFAULT_MINIMUM = 50


# The account settles in SEK, like a Swedish Stripe account: a charge in another currency
# is converted at the day's rate (fixed here, so tests know it) into the SEK balance.
SETTLEMENT_CURRENCY = "sek"
EXCHANGE_RATES = {"eur": Decimal("11.2475"), "usd": Decimal("10.6180"), "nok": Decimal("0.9843")}
_DEFAULT_RATE = Decimal(1)

# Stripe's fee for a dispute (chargeback), withdrawn with the disputed amount, in SEK öre.
DISPUTE_FEE = 20000


def exchange_rate(currency: str) -> Decimal | None:
    """The rate from ``currency`` into the settlement currency; None when they match."""
    if currency == SETTLEMENT_CURRENCY:
        return None
    return EXCHANGE_RATES.get(currency, _DEFAULT_RATE)


def settle(amount: int, rate: Decimal | None) -> int:
    """An amount in the charge currency as settled into the balance, rounded half up."""
    if rate is None:
        return amount
    return int((Decimal(amount) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def processing_fee(amount: int, currency: str) -> int:
    """Stripe's fee for a card charge, rounded half-up to the smallest currency unit."""
    percent = (Decimal(amount) * _FEE_PERCENT).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(percent) + _FIXED_FEES.get(currency, _DEFAULT_FIXED_FEE)


def fee_details(fee: int, currency: str) -> list[dict[str, object]]:
    return [
        {
            "amount": fee,
            "application": None,
            "currency": currency,
            "description": "Stripe processing fees",
            "type": "stripe_fee",
        }
    ]


def minimum_amount(currency: str) -> int:
    return _MINIMUM_AMOUNTS.get(currency, _DEFAULT_MINIMUM)


def format_amount(amount: int, currency: str) -> str:
    """``SEK 150.00``, as Stripe's English pages show amounts."""
    if currency in ZERO_DECIMAL_CURRENCIES:
        return f"{currency.upper()} {amount:,}"
    return f"{currency.upper()} {amount / 100:,.2f}"
