"""Helpers shared by the account tests."""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.mail import EmailMessage

from tests.factories.accounts import PASSWORD


def link_in(message: EmailMessage) -> str:
    """The path of the first link in an email (allauth writes absolute URLs)."""
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def account_root(prefix: str) -> str:
    """The account pages' root on the Swedish ("") or English ("/en") site."""
    return "/en/account/" if prefix == "/en" else "/konto/"


def log_in(client, email: str, password: str = PASSWORD, prefix: str = "", **extra):
    return client.post(
        f"{account_root(prefix)}login/", {"login": email, "password": password, **extra}
    )


def logged_in_user_id(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def current_code(secret: str) -> str:
    """The authenticator app's code for now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
