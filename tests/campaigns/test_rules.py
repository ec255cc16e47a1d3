"""The object-level rules every portal, review and dashboard page checks."""

import pytest

from tests.factories.campaigns import CampaignFactory, MemberOrganisationFactory
from tests.roles import ROLES, person_in

pytestmark = pytest.mark.django_db

# role -> (may change the organisation's campaign, may manage its colleagues,
#          may review campaigns, may see the whole dashboard)
EXPECTED = {
    "donor": (False, False, False, False),
    "organisation_editor": (True, False, False, False),
    "organisation_admin": (True, True, False, False),
    "other_organisation_admin": (False, False, False, False),
    "fundraising": (False, False, True, True),
    "finance": (False, False, False, False),
    "superuser": (True, True, True, True),
}


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_who_may_do_what_with_an_organisations_campaign(role):
    organisation = MemberOrganisationFactory()
    campaign = CampaignFactory(organisation=organisation)
    person = person_in(role, organisation)
    assert (
        person.has_perm("campaigns.change_own_campaign", campaign),
        person.has_perm("campaigns.manage_colleagues", organisation),
        person.has_perm("campaigns.review_campaigns"),
        person.has_perm("campaigns.view_dashboard"),
    ) == EXPECTED[role]


def test_organisation_staff_see_their_own_dashboard_and_not_anothers():
    organisation = MemberOrganisationFactory()
    editor = person_in("organisation_editor", organisation)
    assert editor.has_perm("campaigns.view_organisation_dashboard", organisation)
    assert not editor.has_perm("campaigns.view_organisation_dashboard", MemberOrganisationFactory())
    assert editor.has_perm("campaigns.use_portal")


def test_a_campaign_of_no_organisation_is_nobodys_to_change_but_staff():
    campaign = CampaignFactory(organisation=None)
    assert not person_in("organisation_admin").has_perm("campaigns.change_own_campaign", campaign)


@pytest.mark.parametrize(
    ("role", "finance"),
    [("finance", True), ("fundraising", False), ("organisation_admin", False), ("donor", False)],
)
def test_only_finance_staff_see_the_books(role, finance):
    person = person_in(role)
    assert person.has_perm("donations.view_finance") is finance
    assert person.has_perm("donations.refund_gift") is finance
    assert person.has_perm("donations.export_gifts") is (role in {"finance", "fundraising"})
