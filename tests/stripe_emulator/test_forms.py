"""Parsing Stripe's nested form encoding, and the param helpers."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from stripe._encode import _api_encode

from stripe_emulator.errors import StripeError
from stripe_emulator.forms import ANY, check_known, int_param, merge_metadata, parse_query


def test_parses_what_the_sdk_sends() -> None:
    params = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "sek",
                    "unit_amount": 15000,
                    "product_data": {"name": "Gift"},
                    "recurring": {"interval": "month"},
                },
                "quantity": 1,
            }
        ],
        "metadata": {"donation_id": "1"},
        "expand": ["payment_intent", "customer"],
        "cancel_at_period_end": True,
    }
    encoded = urlencode(list(_api_encode(params)))

    assert parse_query(encoded) == {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "sek",
                    "unit_amount": "15000",
                    "product_data": {"name": "Gift"},
                    "recurring": {"interval": "month"},
                },
                "quantity": "1",
            }
        ],
        "metadata": {"donation_id": "1"},
        "expand": ["payment_intent", "customer"],
        "cancel_at_period_end": "true",
    }


def test_empty_brackets_append_and_indexes_order_the_list() -> None:
    assert parse_query("expand[]=a&expand[]=b") == {"expand": ["a", "b"]}
    assert parse_query("items[1][id]=second&items[0][id]=first") == {
        "items": [{"id": "first"}, {"id": "second"}]
    }


def test_blank_values_are_kept() -> None:
    assert parse_query("pause_collection=&metadata[note]=") == {
        "pause_collection": "",
        "metadata": {"note": ""},
    }


@pytest.mark.parametrize("query", ["a=1&a[b]=2", "a[b]=2&a=1", "a[b=1"])
def test_malformed_or_conflicting_keys_are_rejected(query: str) -> None:
    with pytest.raises(StripeError) as error:
        parse_query(query)
    assert error.value.status == 400


def test_check_known_names_the_nested_unknown_param() -> None:
    spec = {"line_items": [{"quantity": ANY, "price_data": {"currency": ANY}}], "metadata": ANY}
    check_known({"line_items": [{"quantity": "1"}], "metadata": {"anything": "ok"}}, spec)

    with pytest.raises(StripeError) as error:
        check_known({"line_items": [{"price_data": {"colour": "red"}}]}, spec)

    assert error.value.code == "parameter_unknown"
    assert error.value.param == "line_items[0][price_data][colour]"


def test_int_param_errors_carry_the_param() -> None:
    with pytest.raises(StripeError) as error:
        int_param({"amount": "12.5"}, "amount")
    assert (error.value.message, error.value.param) == ("Invalid integer: 12.5", "amount")
    with pytest.raises(StripeError):
        int_param({"amount": "0"}, "amount", minimum=1)
    assert int_param({"amount": "42"}, "amount", minimum=1) == 42


def test_metadata_updates_merge_unset_and_clear() -> None:
    current = {"keep": "1", "drop": "2"}

    assert merge_metadata(current, {"drop": "", "new": "3"}) == {"keep": "1", "new": "3"}
    assert merge_metadata(current, "") == {}
    assert merge_metadata(current, None) == current
    with pytest.raises(StripeError):
        merge_metadata({}, {"k" * 41: "too long key"})
