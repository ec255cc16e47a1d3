"""Sends people who must use two factors to enrol before they see any other page."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import two_factor

# allauth's account pages (log in and out, reauthenticate, verify the email
# address) and its two-factor pages are what enrolling needs; set_language lets
# the person read them in their own language. Static files never get here:
# WhiteNoise answers them earlier in the middleware stack.
ENROLMENT_URL_NAME_PREFIXES = ("account_", "mfa_")
ENROLMENT_URL_NAMES = {"set_language"}


def is_part_of_enrolment(request: HttpRequest) -> bool:
    url_name = request.resolver_match.url_name or ""
    return url_name in ENROLMENT_URL_NAMES or url_name.startswith(ENROLMENT_URL_NAME_PREFIXES)


class TwoFactorEnrolmentMiddleware:
    """Until someone who must use two factors has enrolled an authenticator app,
    every page but those needed to enrol redirects to allauth's activation page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if is_part_of_enrolment(request) or not two_factor.needs_enrolment(request.user):
            return None
        two_factor.remember_destination(request)
        messages.warning(
            request,
            _(
                "Staff accounts must be protected with two-factor authentication. "
                "Set up an authenticator app to continue."
            ),
        )
        return redirect("mfa_activate_totp")
