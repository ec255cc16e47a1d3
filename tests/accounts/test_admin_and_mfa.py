"""Staff log into the admin with their account, and may protect it with a second factor."""

import io
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core.management import call_command

from accounts.models import User
from tests.factories.accounts import PASSWORD, StaffFactory, UserFactory

from .helpers import log_in, logged_in_user_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tolerate_a_period_boundary(settings):
    """A code made just before a 30-second boundary is still accepted just after it."""
    settings.MFA_TOTP_TOLERANCE = 1


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_superuser_made_on_the_command_line_can_log_straight_in(client):
    call_command(
        "createsuperuser", email="Root@Example.org", interactive=False, stdout=io.StringIO()
    )
    root = User.objects.get(email="root@example.org")
    root.set_password(PASSWORD)
    root.save()

    response = log_in(client, "root@example.org", next="/admin/")
    assert response["Location"] == "/admin/"
    assert logged_in_user_id(client) == root.pk


def test_staff_log_into_the_admin_with_email_and_password(client):
    staff = StaffFactory(email="kansli@example.org")

    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/konto/login/?next=%2Fadmin%2F"

    response = log_in(client, "kansli@example.org", next="/admin/")
    assert response["Location"] == "/admin/"
    assert logged_in_user_id(client) == staff.pk
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_people_who_are_not_staff_are_kept_out_of_the_admin(client):
    client.force_login(UserFactory())

    assert client.get("/admin/login/").status_code == 403


def test_staff_enrol_an_authenticator_app_and_get_recovery_codes(client):
    """Enrolling asks for the password again, then for a code from the new app."""
    staff = StaffFactory(email="kansli@example.org")
    log_in(client, "kansli@example.org")

    index = client.get("/en/konto/2fa/")
    assert index.status_code == 200
    assert "Two-Factor Authentication" in index.content.decode()

    response = client.get("/en/konto/2fa/totp/activate/")
    assert response["Location"].startswith("/en/konto/reauthenticate/")
    assert client.get(response["Location"]).status_code == 200
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == "/en/konto/2fa/totp/activate/"

    page = client.get("/en/konto/2fa/totp/activate/")
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post("/en/konto/2fa/totp/activate/", {"code": current_code(secret)})

    assert response.status_code == 302
    assert set(Authenticator.objects.filter(user=staff).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }


def test_after_enrolling_logging_in_asks_for_the_code(client):
    staff = StaffFactory(email="kansli@example.org")
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    response = log_in(client, "kansli@example.org", next="/admin/")
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert logged_in_user_id(client) is None

    response = client.post("/konto/2fa/authenticate/", {"code": current_code(secret)})
    assert response["Location"] == "/admin/"
    assert logged_in_user_id(client) == staff.pk
