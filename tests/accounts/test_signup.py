"""Sign-up with mandatory email verification."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings

from accounts.models import User
from tests.factories.accounts import PASSWORD

from .helpers import account_root, link_in, log_in, logged_in_user_id

pytestmark = pytest.mark.django_db


def sign_up(client, email: str, prefix: str = "", password2: str = PASSWORD):
    return client.post(
        f"{account_root(prefix)}signup/",
        {"email": email, "password1": PASSWORD, "password2": password2},
    )


def test_signing_up_sends_a_verification_link_that_lets_the_person_log_in(client, mailoutbox):
    response = sign_up(client, "ny@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert logged_in_user_id(client) is None
    [message] = mailoutbox
    assert message.to == ["ny@example.org"]
    assert message.subject == f"Bekräfta din e-postadress hos {settings.ORGANISATION_NAME}"
    confirm_path = link_in(message)
    assert confirm_path.startswith("/konto/confirm-email/")

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert b"<h1" in page.content and b"<form" in page.content
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="ny@example.org").verified

    client.logout()
    response = log_in(client, "ny@example.org")
    assert response.status_code == 302
    assert logged_in_user_id(client) == User.objects.get(email="ny@example.org").pk


def test_following_the_link_only_shows_a_confirmation_form(client, mailoutbox):
    """Link scanners in mail filters fetch links; only the POST verifies the address."""
    sign_up(client, "ny@example.org")

    client.get(link_in(mailoutbox[0]))

    assert not EmailAddress.objects.get(email="ny@example.org").verified


def test_logging_in_before_verifying_is_refused(client, mailoutbox):
    sign_up(client, "ny@example.org")
    client.logout()

    response = log_in(client, "ny@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert logged_in_user_id(client) is None


def test_signing_up_in_english_writes_in_english_and_remembers_the_language(client, mailoutbox):
    response = sign_up(client, "new@example.org", prefix="/en")

    assert response["Location"] == "/en/account/confirm-email/"
    [message] = mailoutbox
    assert message.subject == f"Confirm your email address for {settings.ORGANISATION_NAME}"
    assert message.body.startswith("Hello!")
    assert link_in(message).startswith("/en/account/confirm-email/")
    assert User.objects.get(email="new@example.org").language == "en"


def test_signing_up_in_swedish_remembers_swedish(client, mailoutbox):
    sign_up(client, "ny@example.org")

    assert User.objects.get(email="ny@example.org").language == "sv"


def test_mismatched_passwords_are_shown_next_to_the_field(client, mailoutbox):
    response = sign_up(client, "ny@example.org", prefix="/en", password2="something else 123")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_password2"' in html
    assert "is-invalid" in html
    assert "invalid-feedback" in html
    assert not mailoutbox
    assert not User.objects.filter(email="ny@example.org").exists()
