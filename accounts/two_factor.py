"""Who must sign in with two factors, and where they go once they have enrolled.

The rule lives in ``must_use_two_factor``; ``TwoFactorEnrolmentMiddleware``
enforces it on every page.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from .models import User
from .roles import holds_any_role, organisation_roles

DESTINATION_SESSION_KEY = "two_factor_destination"


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
