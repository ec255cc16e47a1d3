"""List endpoints: filtering by ``created``, cursor pagination, and ``expand``."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from stripe_emulator import checkout
from stripe_emulator.core import Emulator
from stripe_emulator.errors import invalid_request
from stripe_emulator.forms import int_param, list_param, str_param
from stripe_emulator.objects import Obj, list_object

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_EXPAND_DEPTH = 4
_CREATED_OPERATORS: dict[str, Callable[[int, int], bool]] = {
    "gt": lambda value, bound: value > bound,
    "gte": lambda value, bound: value >= bound,
    "lt": lambda value, bound: value < bound,
    "lte": lambda value, bound: value <= bound,
}


def paginate(
    emu: Emulator,
    objects_oldest_first: list[Obj],
    params: Mapping[str, Any],
    url: str,
    *,
    newest_first: bool = True,
) -> Obj:
    """A Stripe list page with ``limit``, ``starting_after`` / ``ending_before``.

    Lists are newest first, except the lines of an invoice or session (``newest_first=False``).
    """
    limit = int_param(params, "limit", minimum=1, maximum=MAX_LIMIT) or DEFAULT_LIMIT
    ordered = reversed(objects_oldest_first) if newest_first else iter(objects_oldest_first)
    candidates = [obj for obj in ordered if _created_matches(obj, params)]
    starting_after = str_param(params, "starting_after")
    ending_before = str_param(params, "ending_before")
    if starting_after:
        start = _cursor_index(candidates, starting_after, "starting_after") + 1
        page = candidates[start : start + limit]
        has_more = start + limit < len(candidates)
    elif ending_before:
        end = _cursor_index(candidates, ending_before, "ending_before")
        page = candidates[max(0, end - limit) : end]
        has_more = end - limit > 0
    else:
        page = candidates[:limit]
        has_more = len(candidates) > limit
    result = list_object([copy.deepcopy(obj) for obj in page], url, total_count=False)
    result["has_more"] = has_more
    return expand(emu, result, params)


def _cursor_index(candidates: list[Obj], object_id: str, param: str) -> int:
    for index, obj in enumerate(candidates):
        if obj["id"] == object_id:
            return index
    raise invalid_request(f"No such object: '{object_id}'", param=param, code="resource_missing")


def _created_matches(obj: Obj, params: Mapping[str, Any]) -> bool:
    created = params.get("created")
    if created is None:
        return True
    if not isinstance(created, Mapping):
        return bool(obj["created"] == int_param(params, "created"))
    for operator in created:
        if operator not in _CREATED_OPERATORS:
            raise invalid_request(f"Invalid created filter: {operator}", param="created")
        bound = int_param(created, operator, label=f"created[{operator}]")
        if bound is not None and not _CREATED_OPERATORS[operator](obj["created"], bound):
            return False
    return True


def expand(emu: Emulator, obj: Obj, params: Mapping[str, Any]) -> Obj:
    """A copy of ``obj`` with the ids named in ``expand[]`` replaced by the objects.

    Paths are dotted (``latest_charge.balance_transaction``); on lists use ``data.customer``.
    """
    paths = list_param(params, "expand")
    if not paths:
        return obj
    result = copy.deepcopy(obj)
    for path in paths:
        if not isinstance(path, str) or not path:
            raise invalid_request("Invalid expand value", param="expand")
        parts = path.split(".")
        if len(parts) > MAX_EXPAND_DEPTH + (parts[0] == "data"):
            raise invalid_request(
                f"You cannot expand more than {MAX_EXPAND_DEPTH} levels of a property.",
                param="expand",
            )
        _expand_path(emu, result, parts, path)
    return result


def _expand_path(emu: Emulator, node: Any, parts: list[str], path: str) -> None:
    if isinstance(node, list):
        for element in node:
            _expand_path(emu, element, parts, path)
        return
    if not isinstance(node, dict):
        raise _cannot_expand(path)
    head, rest = parts[0], parts[1:]
    if head == "line_items" and node.get("object") == "checkout.session":
        node[head] = _session_line_items(emu, node)
    if head not in node:
        raise _cannot_expand(path)
    value = node[head]
    if isinstance(value, str):
        target = emu.store.get(value)
        if target is None:
            raise _cannot_expand(path)
        value = node[head] = copy.deepcopy(target)
    if rest and value is not None:
        _expand_path(emu, value, rest, path)


def _session_line_items(emu: Emulator, session: Obj) -> Obj:
    url = f"/v1/checkout/sessions/{session['id']}/line_items"
    return list_object(checkout.line_items(emu, session), url, total_count=False)


def _cannot_expand(path: str) -> Exception:
    return invalid_request(f"This property cannot be expanded ({path}).", param="expand")
