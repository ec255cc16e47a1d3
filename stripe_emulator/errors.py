"""Stripe-shaped API errors.

Every failure the emulator reports to an API client is a :class:`StripeError`; the HTTP layer turns
it into ``{"error": {...}}`` with the status Stripe uses for that kind of error.
"""

from __future__ import annotations

from typing import Any


class StripeError(Exception):
    """An error rendered as Stripe's ``{"error": {...}}`` body."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        decline_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.type = type
        self.code = code
        self.param = param
        self.decline_code = decline_code

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON body; optional keys are left out when unset, as Stripe does."""
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        if self.decline_code:
            error["decline_code"] = self.decline_code
        if self.param:
            error["param"] = self.param
        return {"error": error}


def invalid_request(message: str, param: str | None = None, code: str | None = None) -> StripeError:
    return StripeError(message, param=param, code=code)


def missing_param(param: str) -> StripeError:
    return StripeError(f"Missing required param: {param}.", param=param, code="parameter_missing")


def unknown_param(param: str) -> StripeError:
    return StripeError(
        f"Received unknown parameter: {param}", param=param, code="parameter_unknown"
    )


def no_such(object_name: str, object_id: str, *, param: str | None = None) -> StripeError:
    """``resource_missing``: 404 for the resource in the URL, 400 for an id passed as a param."""
    return StripeError(
        f"No such {object_name}: '{object_id}'",
        status=400 if param else 404,
        code="resource_missing",
        param=param or "id",
    )


def card_error(message: str, code: str, decline_code: str | None = None) -> StripeError:
    return StripeError(message, status=402, type="card_error", code=code, decline_code=decline_code)


def authentication_error(message: str) -> StripeError:
    return StripeError(message, status=401, type="invalid_request_error")
