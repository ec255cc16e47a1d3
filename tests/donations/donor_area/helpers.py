"""Signing in to the donor area as a donor does: a code from the email."""

import re

from django.core import mail
from django.urls import reverse

from tests.factories.accounts import UserFactory


def code_in(message) -> str:
    """The sign-in code in allauth's email."""
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


def request_code(client, email: str, next_url: str = ""):
    url = reverse("account_request_login_code")
    return client.post(f"{url}?next={next_url}" if next_url else url, {"email": email})


def sign_in_by_code(client, email: str):
    """Request a code for ``email`` and enter the one emailed; returns the last response."""
    mail.outbox.clear()
    request_code(client, email)
    assert [m.to for m in mail.outbox] == [[email]], [m.subject for m in mail.outbox]
    return client.post(reverse("account_confirm_login_code"), {"code": code_in(mail.outbox[0])})


def signed_in_donor(client, email: str, **user_fields):
    """A signed-in account whose (verified) address is ``email``."""
    user = UserFactory(email=email, **user_fields)
    client.force_login(user)
    return user
