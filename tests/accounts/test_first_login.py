"""A staff member's first login asks for the password once, walks them through
setting up an authenticator app and lands on their Work page. Every other
two-factor change still asks for the password again."""

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, generate_totp_secret

from accounts.models import User
from tests.factories.accounts import (
    FinanceStaffFactory,
    FundraisingStaffFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories.campaigns import OrganisationStaffFactory

from .helpers import current_code, log_in, logged_in_user_id

pytestmark = pytest.mark.django_db

EMAIL = "personal@example.org"
ENROL = "/konto/2fa/totp/activate/"
RECOVERY_CODES = "/konto/2fa/recovery-codes/"
CONTINUE = "/konto/fortsatt/"
REAUTHENTICATE = "/konto/reauthenticate/"


@pytest.fixture(autouse=True)
def _tolerate_a_period_boundary(settings):
    """A code made just before a 30-second boundary is still accepted just after it."""
    settings.MFA_TOTP_TOLERANCE = 1


def organisation_editor(email: str, totp: bool) -> User:
    return OrganisationStaffFactory(user__email=email, user__totp=totp).user


FIRST_LOGINS = [
    (FinanceStaffFactory, "/ekonomi/utbetalningar/"),
    (FundraisingStaffFactory, "/oversikt/"),
    (organisation_editor, "/organisation/"),
    (lambda **fields: StaffFactory(is_superuser=False, **fields), "/admin/"),
]


def enrol(client):
    """Set up the app from the activation page, as the person does with their phone."""
    assert client.get(ENROL).status_code == 200
    return client.post(ENROL, {"code": current_code(client.session[SECRET_SESSION_KEY])})


def first_login_and_enrolment(client) -> None:
    FinanceStaffFactory(email=EMAIL, totp=False)
    log_in(client, EMAIL)
    assert enrol(client)["Location"] == RECOVERY_CODES


def asks_for_the_password(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(REAUTHENTICATE)


@pytest.mark.parametrize(("make", "work_page"), FIRST_LOGINS)
def test_the_first_login_asks_for_the_password_once_and_ends_on_the_work_page(
    client, make, work_page
):
    make(email=EMAIL, totp=False)

    response = log_in(client, EMAIL)
    assert response["Location"] == work_page
    assert client.get(work_page)["Location"] == ENROL

    assert enrol(client)["Location"] == RECOVERY_CODES
    page = client.get(RECOVERY_CODES)
    assert page.status_code == 200
    assert f'href="{CONTINUE}"' in page.content.decode()
    assert client.get(f"{RECOVERY_CODES}download/").status_code == 200
    assert client.get(CONTINUE)["Location"] == work_page
    assert client.get(work_page).status_code == 200


def test_the_page_a_login_was_sent_from_goes_before_the_work_page(client):
    FinanceStaffFactory(email=EMAIL, totp=False)

    assert log_in(client, EMAIL, next="/ekonomi/tvister/")["Location"] == "/ekonomi/tvister/"
    assert client.get("/ekonomi/tvister/")["Location"] == ENROL
    enrol(client)

    assert client.get(CONTINUE)["Location"] == "/ekonomi/tvister/"


def test_the_first_login_on_the_english_site_ends_on_the_english_work_page(client):
    FinanceStaffFactory(email=EMAIL, totp=False)

    assert log_in(client, EMAIL, prefix="/en")["Location"] == "/en/finance/payouts/"


def test_a_later_login_lands_on_the_work_page_after_the_code(client):
    secret = generate_totp_secret()
    FundraisingStaffFactory(email=EMAIL, totp=secret)

    assert log_in(client, EMAIL)["Location"] == "/konto/2fa/authenticate/"
    response = client.post("/konto/2fa/authenticate/", {"code": current_code(secret)})

    assert response["Location"] == "/oversikt/"


def test_donors_still_land_on_the_home_page_and_continue_to_their_account(client):
    UserFactory(email=EMAIL)

    assert log_in(client, EMAIL)["Location"] == "/"
    assert client.get(CONTINUE)["Location"] == "/konto/"


def test_after_enrolling_changing_the_two_factors_still_asks_for_the_password(client):
    first_login_and_enrolment(client)

    assert asks_for_the_password(client.get("/konto/2fa/totp/deactivate/"))
    assert asks_for_the_password(client.get(f"{RECOVERY_CODES}generate/"))


def test_a_later_login_still_asks_for_the_password_to_see_the_recovery_codes(client):
    secret = generate_totp_secret()
    staff = FinanceStaffFactory(email=EMAIL, totp=secret)
    RecoveryCodes.activate(staff)
    log_in(client, EMAIL)
    client.post("/konto/2fa/authenticate/", {"code": current_code(secret)})
    assert logged_in_user_id(client) == staff.pk

    assert asks_for_the_password(client.get(RECOVERY_CODES))


def test_enrolling_long_after_the_login_asks_for_the_password(client):
    FinanceStaffFactory(email=EMAIL, totp=False)
    log_in(client, EMAIL)
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    records[-1]["at"] -= account_settings.REAUTHENTICATION_TIMEOUT + 1
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()

    assert asks_for_the_password(client.get(ENROL))


def test_a_session_without_a_password_login_asks_for_the_password(client):
    client.force_login(FinanceStaffFactory(totp=False))

    assert asks_for_the_password(client.get(ENROL))


def test_a_donor_setting_up_an_app_of_their_own_accord_confirms_the_password(client):
    UserFactory(email=EMAIL)
    log_in(client, EMAIL)

    assert asks_for_the_password(client.get(ENROL))
