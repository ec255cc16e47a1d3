"""Managing the email addresses of an account."""

import pytest

from tests.factories.accounts import UserFactory

from .helpers import link_in

pytestmark = pytest.mark.django_db


def test_the_email_page_lists_the_address_as_verified_and_primary(client):
    client.force_login(UserFactory(email="anna@example.org"))

    response = client.get("/en/account/email/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "anna@example.org" in html
    assert "text-bg-success" in html  # the "Verified" badge
    assert 'class="form-check-input"' in html


def test_adding_an_address_sends_it_a_verification_link(client, mailoutbox):
    client.force_login(UserFactory(email="anna@example.org"))

    response = client.post(
        "/en/account/email/", {"action_add": "", "email": "anna.work@example.org"}
    )

    assert response.status_code == 302
    [message] = mailoutbox
    assert message.to == ["anna.work@example.org"]
    assert link_in(message).startswith("/en/account/confirm-email/")
