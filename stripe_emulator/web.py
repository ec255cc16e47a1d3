"""Framework-free request, response and routing types used by the handlers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from stripe_emulator.core import Emulator
from stripe_emulator.errors import StripeError


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, Any]
    """Query parameters for GET and DELETE, the form body for POST (nested, see ``forms``)."""
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def json_response(data: Any, status: int = 200) -> Response:
    """Pretty-printed like Stripe's own responses."""
    return Response(status, (json.dumps(data, indent=2) + "\n").encode())


def html_response(text: str, status: int = 200) -> Response:
    return Response(status, text.encode(), "text/html; charset=utf-8")


def redirect(location: str) -> Response:
    return Response(303, b"", "text/plain; charset=utf-8", {"Location": location})


def error_response(error: StripeError) -> Response:
    return json_response(error.to_dict(), error.status)


Handler = Callable[..., Response]


class Router:
    """Maps ``METHOD /path/{name}`` patterns to handlers called as ``handler(emu, request,
    **path_params)``."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern)
        self._routes.append((method, re.compile(f"^{regex}$"), handler))

    def dispatch(self, emu: Emulator, request: Request) -> Response:
        for method, regex, handler in self._routes:
            match = regex.match(request.path)
            if match and method == request.method:
                return handler(emu, request, **match.groupdict())
        raise StripeError(
            f"Unrecognized request URL ({request.method}: {request.path}). Please see "
            "https://stripe.com/docs or we can help at https://support.stripe.com/.",
            status=404,
        )
