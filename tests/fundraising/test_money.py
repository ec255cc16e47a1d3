"""The one money helper: integer minor units + currency, formatted, parsed and
converted without a float."""

from decimal import Decimal

import pytest

from fundraising.money import (
    format_major,
    format_money,
    major_from_text,
    major_to_minor,
    minor_to_major,
    minor_units_from_text,
)


@pytest.mark.parametrize(
    ("amount", "currency", "language", "text"),
    [
        (25000, "SEK", "sv", "250\u00a0kr"),
        (25050, "SEK", "sv", "250,50\u00a0kr"),
        (1234500, "SEK", "sv", "12\u00a0345\u00a0kr"),
        (25000, "SEK", "en", "SEK\u00a0250"),
        (2500, "EUR", "sv", "25\u00a0€"),
        (2500, "EUR", "en", "€25"),
        (2550, "EUR", "sv", "25,50\u00a0€"),
        (2505, "EUR", "en", "€25.05"),
        (-1500, "EUR", "en", "-€15"),
        (123456700, "EUR", "en", "€1,234,567"),
    ],
)
def test_format_money_follows_the_language(amount, currency, language, text):
    assert format_money(amount, currency, language) == text


@pytest.mark.parametrize(
    ("typed", "minor"),
    [("250", 25000), ("250.5", 25050), (Decimal("0.005"), 1), ("19.99", 1999), (3, 300)],
)
def test_amounts_typed_by_people_become_minor_units(typed, minor):
    assert major_to_minor(typed) == minor


def test_minor_units_convert_back_exactly():
    assert minor_to_major(1999) == Decimal("19.99")
    assert minor_to_major(10**15 + 1) == Decimal("10000000000000.01")
    assert major_to_minor(minor_to_major(123456789)) == 123456789


def test_a_gift_prints_its_amount_as_money_not_as_a_float():
    from donations.models import Gift

    gift = Gift(amount_minor=10**17 + 1, currency="SEK", kind=Gift.Kind.ONCE)
    assert "1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000,01" in str(gift).replace(" ", "\u00a0")


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("25000", 25000),
        ("0", 0),
        ("²", None),
        ("٣", None),
        ("-5", None),
        ("2.5", None),
        ("", None),
        ("9" * 18, 10**18 - 1),
        ("9" * 19, None),
    ],
)
def test_minor_units_from_text_takes_plain_ascii_digits_only(text, minor):
    assert minor_units_from_text(text) == minor


@pytest.mark.parametrize(
    ("text", "major"),
    [
        ("99,50", Decimal("99.50")),
        ("99.50", Decimal("99.50")),
        (" 1 000,50 ", Decimal("1000.50")),
        ("1\u00a0000", Decimal("1000")),
        ("-5", Decimal("-5")),
        ("1,000.50", None),
        ("10 00", None),
        ("abc", None),
        ("٣", None),
        ("", None),
    ],
)
def test_major_from_text_reads_amounts_written_in_either_language(text, major):
    assert major_from_text(text) == major


@pytest.mark.parametrize(
    ("minor", "language", "text"),
    [(25564, "sv", "255,64"), (25564, "en", "255.64"), (25500, "sv", "255"), (5, "sv", "0,05")],
)
def test_format_major_prefills_in_the_pages_language(minor, language, text):
    assert format_major(minor, language) == text
