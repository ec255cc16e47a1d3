import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.roles import Role, grant_role, has_role, holds_any_role, revoke_role
from accounts.two_factor import must_use_two_factor
from tests.factories.accounts import FinanceStaffFactory, StaffFactory, UserFactory
from tests.factories.campaigns import OrganisationStaffFactory
from tests.roles import log_in_as

pytestmark = pytest.mark.django_db


def test_a_role_is_granted_and_revoked():
    person = UserFactory()
    assert not has_role(person, Role.FINANCE)
    grant_role(person, Role.FINANCE)
    assert has_role(person, Role.FINANCE)
    assert not has_role(person, Role.FUNDRAISING)
    revoke_role(person, Role.FINANCE)
    assert not has_role(person, Role.FINANCE)


def test_superusers_hold_every_role_and_inactive_people_none():
    assert all(has_role(StaffFactory(), role) for role in Role)
    finance = FinanceStaffFactory(is_active=False)
    assert not has_role(finance, Role.FINANCE)
    assert not holds_any_role(AnonymousUser())


def test_the_role_groups_exist_for_the_admin_to_assign():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


@pytest.mark.parametrize(
    ("make", "must"),
    [
        (lambda: FinanceStaffFactory(), True),
        (lambda: OrganisationStaffFactory().user, True),
        (lambda: UserFactory(), False),
    ],
)
def test_role_holders_and_organisation_staff_must_use_two_factors(make, must):
    assert must_use_two_factor(make()) is must


def test_organisation_staff_who_have_not_enrolled_are_sent_to_enrol(client):
    membership = OrganisationStaffFactory(user__totp=False)
    client.force_login(membership.user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/totp/activate/"


def test_a_person_without_the_admin_gets_a_translated_page_not_a_bare_403(client):
    client.force_login(UserFactory())
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Du har inte behörighet till den här sidan" in response.content.decode()


def test_the_work_menu_shows_for_staff_of_any_kind_only(client):
    client.force_login(UserFactory())
    assert 'id="work-menu"' not in client.get("/konto/").content.decode()
    client.force_login(FinanceStaffFactory())
    assert 'id="work-menu"' in client.get("/konto/").content.decode()


def test_a_page_for_organisation_staff_reads_their_memberships_once(
    client, django_assert_num_queries
):
    """Two-factor enforcement, the Work menu, the account menu and the portal's
    permission rules all ask whether the person works for an organisation."""
    log_in_as(client, "organisation_editor")

    # Session, user, groups, memberships, authenticator, campaigns, organisations,
    # and the user's and groups' model permissions.
    with django_assert_num_queries(9) as captured:
        assert client.get(reverse("portal:home")).status_code == 200

    statements = [query["sql"] for query in captured.captured_queries]
    assert sum('FROM "campaigns_organisationmembership"' in sql for sql in statements) == 1
