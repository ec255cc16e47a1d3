"""The Content-Security-Policy (django-csp), plus the one place our pages hand the visitor
to another site: the giving form, answered with a 303 to Stripe's payment page.

Chromium applies ``form-action`` to that redirect, so the policy names the checkout
origins. They are read from settings on every response rather than fixed at start-up,
because the emulator's address is only known once it runs (tests start it on a free port).
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def checkout_origins() -> list[str]:
    """Where a form may be redirected: STRIPE_CHECKOUT_ORIGINS, and the emulator, which
    serves its payment pages from its API base."""
    origins = list(settings.STRIPE_CHECKOUT_ORIGINS)
    if settings.STRIPE_USES_EMULATOR and settings.STRIPE_API_BASE:
        origins.append(origin_of(settings.STRIPE_API_BASE))
    return origins


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the checkout origins added to ``form-action``."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only:
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", []), *checkout_origins()]
            parts.update = update
        return parts
