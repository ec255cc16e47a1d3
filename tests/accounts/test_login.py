"""Logging in and out."""

import re

import pytest

from tests.factories.accounts import UserFactory

from .helpers import account_root, log_in, logged_in_user_id

pytestmark = pytest.mark.django_db


def test_a_verified_person_logs_in_with_email_and_password(client):
    user = UserFactory(email="anna@example.org")

    response = log_in(client, "Anna@Example.org")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(client) == user.pk


def test_signing_in_on_the_english_page_lands_on_the_english_home_page(client):
    UserFactory(email="anna@example.org")

    response = log_in(client, "anna@example.org", prefix="/en")

    assert response["Location"] == "/en/"


def test_a_wrong_password_is_refused_with_a_message_above_the_form(client):
    UserFactory(email="anna@example.org")

    response = log_in(client, "anna@example.org", password="not the password", prefix="/en")

    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    assert "alert-danger" in response.content.decode()


def test_logging_out_asks_first_and_happens_on_post(client):
    user = UserFactory()
    client.force_login(user)

    page = client.get("/en/account/logout/")
    assert page.status_code == 200
    assert logged_in_user_id(client) == user.pk

    response = client.post("/en/account/logout/")
    assert response.status_code == 302
    assert logged_in_user_id(client) is None


@pytest.mark.parametrize(
    ("prefix", "invitation", "signup_url"),
    [
        ("", "Har du inget konto? <a href", "/konto/signup/"),
        ("/en", "No account yet? <a href", "/en/account/signup/"),
    ],
)
def test_the_login_page_invites_people_without_an_account_to_create_one(
    client, prefix, invitation, signup_url
):
    html = " ".join(
        client.get(f"{account_root(prefix)}login/?next=/konto/").content.decode().split()
    )

    assert invitation in html
    link = re.search(r"<a href=\"([^\"]+)\">\s*([^<]+?)\s*</a>", html[html.index(invitation) :])
    assert link.group(1).startswith(signup_url)
    assert link.group(2) == ("Skapa ett" if not prefix else "Create one")
    assert "Har du redan ett konto" not in html
