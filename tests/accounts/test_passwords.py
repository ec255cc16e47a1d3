"""Resetting a forgotten password and changing a known one."""

import pytest
from django.conf import settings

from tests.factories.accounts import PASSWORD, UserFactory

from .helpers import link_in, log_in, logged_in_user_id

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new solidarity passphrase"


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, mailoutbox):
    user = UserFactory(email="anna@example.org")

    response = client.post("/en/account/password/reset/", {"email": "anna@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/en/account/password/reset/done/"
    [message] = mailoutbox
    assert message.to == ["anna@example.org"]
    assert message.subject == f"Choose a new password for {settings.ORGANISATION_NAME}"

    # The emailed key is moved into the session and the browser sent on to a
    # URL without it, so the key does not leak through the Referer header.
    response = client.get(link_in(message))
    assert response.status_code == 302
    set_password_path = response["Location"]
    assert client.get(set_password_path).status_code == 200
    response = client.post(
        set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/account/password/reset/key/done/"

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    log_in(client, "anna@example.org", password=NEW_PASSWORD)
    assert logged_in_user_id(client) == user.pk


def test_the_reset_email_is_in_swedish_on_the_swedish_site(client, mailoutbox):
    UserFactory(email="anna@example.org")

    client.post("/konto/password/reset/", {"email": "anna@example.org"})

    assert mailoutbox[0].subject == f"Välj ett nytt lösenord hos {settings.ORGANISATION_NAME}"
    assert link_in(mailoutbox[0]).startswith("/konto/password/reset/key/")


def test_a_signed_in_person_changes_their_password_and_is_told_by_email(client, mailoutbox):
    user = UserFactory(email="anna@example.org")
    client.force_login(user)

    response = client.post(
        "/en/account/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert logged_in_user_id(client) == user.pk
    [notification] = mailoutbox
    assert notification.to == ["anna@example.org"]
    assert notification.subject == "Your password has been changed"


def test_a_wrong_current_password_is_shown_next_to_the_field(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        "/en/account/password/change/",
        {"oldpassword": "not it", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="passwordinput form-control is-invalid"' in html
    assert "invalid-feedback" in html
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
