import pytest

from tests.campaigns.public_site import build_public_site
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.campaigns import CampaignFactory, OrganisationStaffFactory


@pytest.fixture
def campaign(db):
    return CampaignFactory(title_sv="Rättvisa löner", title_en="Fair wages")


@pytest.fixture
def staff_user(db):
    return StaffFactory()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def member_of():
    """A logged-in client for a user who works for the given member organisation."""

    def login(client, organisation):
        membership = OrganisationStaffFactory(organisation=organisation)
        client.force_login(membership.user)
        return client

    return login


@pytest.fixture
def plain_user(db):
    return UserFactory()


@pytest.fixture
def site(db):
    """One of every public page, with distinct Swedish and English texts."""
    return build_public_site()
