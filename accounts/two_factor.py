"""Who must sign in with two factors, and where they go once they have enrolled.

The rule lives in ``must_use_two_factor``; ``TwoFactorEnrolmentMiddleware``
enforces it on every page.
"""

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from .models import User
from .roles import holds_any_role, organisation_roles

DESTINATION_SESSION_KEY = "two_factor_destination"

# allauth's pages that enrolling goes through: setting up the app, then saving the
# recovery codes it makes.
ENROLMENT_PAGES = {"mfa_activate_totp", "mfa_view_recovery_codes", "mfa_download_recovery_codes"}


def must_use_two_factor(user: User | AnonymousUser) -> bool:
    """Anyone who can see more than their own gifts must use an authenticator app:
    admin users, the centre's fundraising and finance staff, and member
    organisations' staff. Every request asks (the middleware, the menus); the
    group and membership reads behind it are cached on the user object."""
    if not user.is_authenticated:
        return False
    return (
        user.is_staff or user.is_superuser or holds_any_role(user) or bool(organisation_roles(user))
    )


def needs_enrolment(user: User | AnonymousUser) -> bool:
    """True for someone who must use two factors but has no authenticator app yet."""
    return must_use_two_factor(user) and not is_mfa_enabled(user, [Authenticator.Type.TOTP])


def is_enrolling_right_after_login(request: HttpRequest) -> bool:
    """True while someone who must use two factors enrols just after signing in with
    their password: that is as recent as allauth's reauthentication, so enrolling does
    not ask for the password again. Only the enrolment pages count, and only within
    ACCOUNT_REAUTHENTICATION_TIMEOUT; other sensitive actions still ask."""
    url_name = request.resolver_match.url_name if request.resolver_match else None
    if url_name not in ENROLMENT_PAGES or not must_use_two_factor(request.user):
        return False
    signed_in_at = _password_sign_in_at(request)
    return (
        signed_in_at is not None
        and time.time() - signed_in_at < account_settings.REAUTHENTICATION_TIMEOUT
    )


def _password_sign_in_at(request: HttpRequest) -> float | None:
    """When the session signed in with a password, if nothing has confirmed who it is
    since. Someone with an authenticator app signs in with its code after the password,
    so this is a sign-in made before enrolling."""
    records = get_authentication_records(request, request.user)
    if records and records[-1]["method"] == "password":
        return records[-1]["at"]
    return None


def remember_destination(request: HttpRequest) -> None:
    """Keep the page a person was going to, to take them there after enrolling."""
    if request.method == "GET":
        request.session[DESTINATION_SESSION_KEY] = request.get_full_path()


def pending_destination(request: HttpRequest) -> str:
    """The remembered page, if it is on this site ("" otherwise)."""
    destination = request.session.get(DESTINATION_SESSION_KEY, "")
    if url_has_allowed_host_and_scheme(
        destination, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return destination
    return ""


def pop_destination(request: HttpRequest) -> str:
    """The remembered page, forgotten once read."""
    destination = pending_destination(request)
    request.session.pop(DESTINATION_SESSION_KEY, None)
    return destination
