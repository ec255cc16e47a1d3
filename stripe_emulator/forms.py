"""Parsing and validating Stripe's form-encoded parameters.

The SDK flattens nested params Rails-style: ``line_items[0][price_data][currency]=sek`` and
``expand[0]=customer`` (``expand[]=customer`` from curl). :func:`parse_pairs` rebuilds the nested
structure: bracketed names become dicts, and dicts whose keys are all indexes become lists.
Values stay strings; the ``*_param`` helpers convert them and raise Stripe's errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from stripe_emulator.errors import invalid_request, missing_param, unknown_param

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")

ANY = None
"""Marks a param whose value (scalar or nested) is accepted without checking its keys."""

MAX_METADATA_KEYS = 50
MAX_METADATA_KEY_LENGTH = 40
MAX_METADATA_VALUE_LENGTH = 500


def parse_query(text: str) -> dict[str, Any]:
    """Parse a query string or form body (``keep_blank_values``: ``pause_collection=`` matters)."""
    return parse_pairs(parse_qsl(text, keep_blank_values=True))


def parse_pairs(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for key, value in pairs:
        _insert(root, _split_key(key), value, key)
    parsed: dict[str, Any] = _listify(root)
    return parsed


def _split_key(key: str) -> list[str]:
    match = _KEY.match(key)
    if not match:
        raise invalid_request(f"Invalid parameter name: {key}", param=key)
    return [match.group(1), *_SEGMENT.findall(match.group(2))]


def _insert(node: dict[str, Any], path: list[str], value: str, key: str) -> None:
    """Store ``value`` at ``path``; an empty segment (``a[]``) appends a new index."""
    for position, segment in enumerate(path):
        if segment == "":
            segment = str(len(node))
        if position == len(path) - 1:
            if isinstance(node.get(segment), dict):
                raise invalid_request(f"Invalid value for {key}: expected a hash.", param=key)
            node[segment] = value
            return
        child = node.setdefault(segment, {})
        if not isinstance(child, dict):
            raise invalid_request(f"Invalid hash for {key}.", param=key)
        node = child


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {key: _listify(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def check_known(params: Mapping[str, Any], spec: Mapping[str, Any], prefix: str = "") -> None:
    """Reject params Stripe does not know, like the real API's ``parameter_unknown``.

    ``spec`` maps each allowed name to ``ANY``, a nested spec dict, or ``[spec]`` for a list of
    hashes (``line_items``).
    """
    for name, value in params.items():
        label = f"{prefix}[{name}]" if prefix else name
        if name not in spec:
            raise unknown_param(label)
        child = spec[name]
        if isinstance(child, list) and isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, Mapping):
                    check_known(element, child[0], f"{label}[{index}]")
        elif isinstance(child, dict) and isinstance(value, Mapping):
            check_known(value, child, label)


def require(params: Mapping[str, Any], name: str, label: str | None = None) -> Any:
    value = params.get(name)
    if value is None or value == "":
        raise missing_param(label or name)
    return value


def str_param(params: Mapping[str, Any], name: str, label: str | None = None) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid_request(f"Invalid string: {value!r}", param=label or name)
    return value


def int_param(
    params: Mapping[str, Any],
    name: str,
    *,
    label: str | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:
    value = params.get(name)
    label = label or name
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value):
        raise invalid_request(f"Invalid integer: {value}", param=label)
    number = int(value)
    if minimum is not None and number < minimum:
        raise invalid_request(
            f"This value must be greater than or equal to {minimum}.", param=label
        )
    if maximum is not None and number > maximum:
        raise invalid_request(f"This value must be less than or equal to {maximum}.", param=label)
    return number


def bool_param(params: Mapping[str, Any], name: str, label: str | None = None) -> bool | None:
    value = params.get(name)
    if value is None:
        return None
    if value not in ("true", "false"):
        raise invalid_request(f"Invalid boolean: {value}", param=label or name)
    return bool(value == "true")


def enum_param(
    params: Mapping[str, Any], name: str, choices: Iterable[str], label: str | None = None
) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    allowed = list(choices)
    if value not in allowed:
        raise invalid_request(
            f"Invalid {name}: must be one of {', '.join(allowed)}", param=label or name
        )
    return str(value)


def list_param(params: Mapping[str, Any], name: str) -> list[Any]:
    value = params.get(name)
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def merge_metadata(
    current: Mapping[str, str] | None, update: Any, label: str = "metadata"
) -> dict[str, str]:
    """Apply a metadata update as Stripe does: ``""`` clears all, an empty value unsets a key."""
    merged = dict(current or {})
    if update is None:
        return merged
    if update == "":
        return {}
    if not isinstance(update, Mapping):
        raise invalid_request("Invalid hash", param=label)
    for key, value in update.items():
        if not isinstance(value, str):
            raise invalid_request(
                f"Invalid value type: metadata values must be strings ({key}).",
                param=f"{label}[{key}]",
            )
        if len(key) > MAX_METADATA_KEY_LENGTH:
            raise invalid_request(
                f"Metadata keys can have up to {MAX_METADATA_KEY_LENGTH} characters.",
                param=f"{label}[{key}]",
            )
        if len(value) > MAX_METADATA_VALUE_LENGTH:
            raise invalid_request(
                f"Metadata values can have up to {MAX_METADATA_VALUE_LENGTH} characters.",
                param=f"{label}[{key}]",
            )
        if value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    if len(merged) > MAX_METADATA_KEYS:
        raise invalid_request(f"Metadata can have up to {MAX_METADATA_KEYS} keys.", param=label)
    return merged
