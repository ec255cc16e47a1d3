"""Staff log into the admin with their account and must use a second factor: the
first login walks them through enrolling an authenticator app, later logins ask
for its code."""

import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, generate_totp_secret
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.management import call_command

from accounts.models import User
from accounts.two_factor import DESTINATION_SESSION_KEY, must_use_two_factor
from tests.factories.accounts import PASSWORD, StaffFactory, UserFactory
from tests.factories.campaigns import CampaignFactory

from .helpers import account_root, current_code, log_in, logged_in_user_id

pytestmark = pytest.mark.django_db

ENROL = "/konto/2fa/totp/activate/"
FIRST_WORK_PAGE = "/ekonomi/utbetalningar/"
MESSAGE_SV = (
    "Personalkonton måste skyddas med tvåfaktorsautentisering. "
    "Aktivera en autentiseringsapp för att fortsätta."
)
MESSAGE_EN = (
    "Staff accounts must be protected with two-factor authentication. "
    "Set up an authenticator app to continue."
)


@pytest.fixture(autouse=True)
def _tolerate_a_period_boundary(settings):
    """A code made just before a 30-second boundary is still accepted just after it."""
    settings.MFA_TOTP_TOLERANCE = 1


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("user", "must"),
    [
        (lambda: StaffFactory.build(is_superuser=False), True),
        (lambda: UserFactory.build(is_superuser=True), True),
        (lambda: UserFactory.build(), False),
        (AnonymousUser, False),
    ],
)
def test_staff_and_superusers_must_use_two_factors(user, must):
    assert must_use_two_factor(user()) is must


def test_a_superuser_made_on_the_command_line_logs_in_and_is_sent_to_enrol(client):
    call_command(
        "createsuperuser", email="Root@Example.org", interactive=False, stdout=io.StringIO()
    )
    root = User.objects.get(email="root@example.org")
    root.set_password(PASSWORD)
    root.save()

    response = log_in(client, "root@example.org", next="/admin/")
    assert response["Location"] == "/admin/"
    assert logged_in_user_id(client) == root.pk
    assert client.get("/admin/")["Location"] == ENROL


def test_the_first_login_walks_staff_through_enrolment_to_where_they_were_going(client):
    staff = StaffFactory(email="kansli@example.org", totp=False)

    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/konto/login/?next=%2Fadmin%2F"
    response = log_in(client, "kansli@example.org", next="/admin/")
    assert response["Location"] == "/admin/"

    # The admin sends them to enrol, explaining why, without asking for the password again.
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [(ENROL, 302)]
    assert MESSAGE_SV in response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in response.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(ENROL, {"code": current_code(secret)}, follow=True)

    # The recovery codes, then on to the admin.
    assert response.redirect_chain == [("/konto/2fa/recovery-codes/", 302)]
    assert 'href="/konto/fortsatt/"' in response.content.decode()
    assert set(Authenticator.objects.filter(user=staff).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    response = client.get("/konto/fortsatt/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    assert DESTINATION_SESSION_KEY not in client.session


def test_after_enrolling_logging_in_asks_for_the_code(client):
    secret = generate_totp_secret()
    staff = StaffFactory(email="kansli@example.org", totp=secret)

    response = log_in(client, "kansli@example.org", next="/admin/")
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert logged_in_user_id(client) is None
    # Half logged in: the admin leads back to the code.
    assert client.get("/admin/", follow=True).redirect_chain[-1][0] == "/konto/2fa/authenticate/"

    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    assert logged_in_user_id(client) is None

    response = client.post("/konto/2fa/authenticate/", {"code": current_code(secret)})
    assert response["Location"] == "/admin/"
    assert logged_in_user_id(client) == staff.pk
    assert client.get("/admin/").status_code == 200


def test_people_who_are_not_staff_are_kept_out_of_the_admin(client):
    client.force_login(UserFactory())

    assert client.get("/admin/login/").status_code == 403


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/accounts/user/", "/", "/en/account/", "/en/campaigns/unpublished/"],
)
def test_staff_who_have_not_enrolled_reach_no_other_page(client, path):
    CampaignFactory(slug="unpublished", status="draft")
    client.force_login(StaffFactory(totp=False))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] in (ENROL, "/en/account/2fa/totp/activate/")
    assert client.session[DESTINATION_SESSION_KEY] == path


def test_a_post_is_refused_too_but_not_remembered(client):
    client.force_login(StaffFactory(totp=False))

    response = client.post("/en/account/", {"first_name": "X", "language": "en"})

    assert response["Location"] == "/en/account/2fa/totp/activate/"
    assert DESTINATION_SESSION_KEY not in client.session


@pytest.mark.parametrize(("prefix", "message"), [("", MESSAGE_SV), ("/en", MESSAGE_EN)])
def test_the_reason_is_given_in_the_language_of_the_page(client, prefix, message):
    client.force_login(StaffFactory(totp=False))

    response = client.get(account_root(prefix))

    assert response["Location"] == account_root(prefix) + "2fa/totp/activate/"
    assert messages_of(response) == [message]


def test_what_enrolling_needs_stays_reachable(client):
    client.force_login(StaffFactory(totp=False))

    for path in ("/konto/2fa/", "/en/account/2fa/", "/konto/reauthenticate/", "/konto/logout/"):
        assert client.get(path).status_code == 200, path
    assert client.get("/static/css/site.css").status_code == 200
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/konto/2fa/"})
    assert response["Location"] == "/en/account/2fa/"
    response = client.post("/konto/logout/")
    assert logged_in_user_id(client) is None


def test_enrolled_staff_and_donors_are_not_sent_to_enrol(client):
    for user in (StaffFactory(), UserFactory()):
        client.force_login(user)
        assert client.get("/en/account/").status_code == 200


def test_without_a_destination_the_recovery_codes_offer_no_way_on(client):
    staff = StaffFactory()
    RecoveryCodes.activate(staff)
    client.force_login(staff)

    client.post("/konto/reauthenticate/", {"password": PASSWORD})

    html = client.get("/konto/2fa/recovery-codes/").content.decode()

    assert "Återställningskoder" in html
    assert 'href="/konto/fortsatt/"' not in html
    # Typed in by hand, it leads to their first Work page (a superuser's is Finance).
    assert client.get("/konto/fortsatt/")["Location"] == FIRST_WORK_PAGE


def test_a_remembered_destination_elsewhere_is_not_followed(client):
    client.force_login(StaffFactory())
    session = client.session
    session[DESTINATION_SESSION_KEY] = "//evil.example.org/admin/"
    session.save()

    assert client.get("/konto/fortsatt/")["Location"] == FIRST_WORK_PAGE
