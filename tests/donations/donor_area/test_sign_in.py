"""Getting into the donor area: a one-time code by email (allauth's login by code)."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from tests.accounts.helpers import log_in, logged_in_user_id
from tests.factories.accounts import PASSWORD, StaffFactory, UserFactory
from tests.factories.donations import DonorFactory, GiftFactory

from .helpers import code_in, request_code, sign_in_by_code

pytestmark = pytest.mark.django_db


def test_the_donor_area_sends_a_visitor_to_ask_for_a_code(client):
    overview = reverse("donor-area:overview")

    response = client.get(overview)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_request_login_code"))
    assert "next=" in response["Location"]


def test_a_donor_without_an_account_signs_in_with_a_code_and_sees_their_gift(client):
    gift = GiftFactory(donor=DonorFactory(email="ada@example.org", language="en"))

    response = sign_in_by_code(client, "ada@example.org")

    user = User.objects.get(email="ada@example.org")
    assert logged_in_user_id(client) == user.pk
    assert response.status_code == 302
    assert not user.has_usable_password()
    assert user.language == "en"
    assert EmailAddress.objects.get(user=user).verified, "the code verified the address"
    page = client.get(reverse("donor-area:gifts")).content.decode()
    assert gift.receipt_reference in page


def test_the_code_sign_in_keeps_where_the_donor_was_going(client):
    DonorFactory(email="ada@example.org")
    gifts = reverse("donor-area:gifts")

    request_code(client, "ada@example.org", next_url=gifts)
    response = client.post(
        reverse("account_confirm_login_code"), {"code": code_in(mail.outbox[0]), "next": gifts}
    )

    assert response["Location"] == gifts


def test_a_donor_with_a_code_pending_still_reaches_the_page_they_were_going_to(client):
    """Asked for a code, left, and opened Mina gåvor again: sent on to enter the code,
    and after it to Mina gåvor, not the home page."""
    DonorFactory(email="ada@example.org")
    overview = reverse("donor-area:overview")
    request_code(client, "ada@example.org")

    to_request = client.get(overview)["Location"]
    to_confirm = client.get(to_request)["Location"]
    page = client.get(to_confirm).content.decode()
    # What the code form posts: the code and the destination it carries along.
    response = client.post(
        reverse("account_confirm_login_code"),
        {"code": code_in(mail.outbox[0]), "next": overview},
    )

    assert f'<input type="hidden" name="next" value="{overview}">' in page
    assert response["Location"] == overview


def test_an_address_that_never_gave_gets_no_account_and_no_code(client):
    request_code(client, "stranger@example.org")

    assert not User.objects.filter(email="stranger@example.org").exists()
    assert len(mail.outbox) == 1
    assert "stranger@example.org" in mail.outbox[0].to
    assert not any(ch.isdigit() for ch in mail.outbox[0].body.split("\n")[2]), "no code sent"
    assert logged_in_user_id(client) is None


def test_a_wrong_code_signs_no_one_in(client):
    DonorFactory(email="ada@example.org")
    request_code(client, "ada@example.org")

    client.post(reverse("account_confirm_login_code"), {"code": "AAAA-AAAA"})

    assert logged_in_user_id(client) is None
    assert not EmailAddress.objects.get(email="ada@example.org").verified


def test_codes_for_one_address_are_rate_limited_whoever_asks():
    """Three codes per address in ten minutes, even from fresh sessions (a browser
    with a code pending is sent back to enter it)."""
    DonorFactory(email="ada@example.org")
    for number in range(3):
        request_code(Client(REMOTE_ADDR=f"10.0.0.{number}"), "ada@example.org")
    assert len(mail.outbox) == 3

    response = request_code(Client(REMOTE_ADDR="10.0.0.9"), "ada@example.org")

    assert response.status_code == 200, "the form is shown again with the limit's message"
    assert len(mail.outbox) == 3


def test_requesting_codes_is_rate_limited_per_ip():
    for number in range(20):
        request_code(Client(), f"someone{number}@example.org")
    assert len(mail.outbox) == 20

    response = request_code(Client(), "one.more@example.org")

    assert response.status_code == 200, "the form is shown again with the limit's message"
    assert len(mail.outbox) == 20


def test_a_password_account_still_signs_in_with_its_password(client):
    user = UserFactory(email="pat@example.org")

    log_in(client, "pat@example.org", PASSWORD)

    assert logged_in_user_id(client) == user.pk


def test_a_password_account_may_also_sign_in_with_a_code(client):
    user = UserFactory(email="pat@example.org")

    sign_in_by_code(client, "pat@example.org")

    assert logged_in_user_id(client) == user.pk


def test_staff_signing_in_with_a_code_still_need_their_second_factor(client):
    StaffFactory(email="staff@example.org")

    response = sign_in_by_code(client, "staff@example.org")

    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_user_id(client) is None


def test_a_code_never_opens_an_account_someone_else_set_up_with_the_address(client):
    """Pre-hijacking: someone signs up with the donor's address and a password of theirs
    but never verifies it; the donor's code must not hand them a working password."""
    squatter = UserFactory(email="ada@example.org", verified_email=False)
    DonorFactory(email="ada@example.org")

    sign_in_by_code(client, "ada@example.org")

    squatter.refresh_from_db()
    assert logged_in_user_id(client) == squatter.pk
    assert not squatter.has_usable_password()
    assert log_in(Client(), "ada@example.org", PASSWORD).status_code == 200, "password refused"


def test_a_code_never_opens_an_account_that_only_claims_the_address(client):
    """Another account listed the donor's address unverified beside its own verified one:
    the code opens an account of the donor's own instead."""
    other = UserFactory(email="eve@example.org")
    EmailAddress.objects.create(user=other, email="ada@example.org", verified=False)
    DonorFactory(email="ada@example.org")

    sign_in_by_code(client, "ada@example.org")

    own = User.objects.get(email="ada@example.org")
    assert own != other and logged_in_user_id(client) == own.pk
    assert EmailAddress.objects.get(user=own).verified
    assert not EmailAddress.objects.get(user=other, email="ada@example.org").verified


def test_the_sign_in_code_email_is_our_own_short_swedish_text(client, settings):
    DonorFactory(email="ada@example.org")
    mail.outbox.clear()

    request_code(client, "ada@example.org")

    (message,) = mail.outbox
    assert message.subject == f"Din inloggningskod till {settings.ORGANISATION_NAME}"
    assert message.body.startswith("Hej!")
    assert code_in(message)
    assert message.body.rstrip().endswith(f"Varma hälsningar,\n{settings.ORGANISATION_NAME}")
    assert "Vänligen" not in message.body and "example.com" not in message.body


def test_the_sign_in_code_email_is_english_from_the_english_site(client, settings):
    DonorFactory(email="ada@example.org")
    mail.outbox.clear()

    with translation.override("en"):
        english_page = reverse("account_request_login_code")
    client.post(english_page, {"email": "ada@example.org"})

    (message,) = mail.outbox
    assert message.subject == f"Your sign-in code for {settings.ORGANISATION_NAME}"
    assert "Here is your code to sign in and see your gifts:" in message.body


def test_the_code_page_offers_password_sign_in_by_name(client):
    page = client.get(reverse("account_request_login_code")).content.decode()

    assert "Logga in med lösenord" in page
    assert "Andra inloggningsalternativ" not in page
