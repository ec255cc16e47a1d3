"""Draft and in-review campaigns are hidden from the public but previewable by
the fundraising team and by the staff of the member organisation that owns them."""

import pytest

from tests.factories.campaigns import CampaignFactory, MemberOrganisationFactory

pytestmark = pytest.mark.django_db

HIDDEN = ["draft", "in_review"]
BANNER = "Preview — not published"


@pytest.fixture(params=HIDDEN)
def hidden_campaign(request):
    return CampaignFactory(slug="unpublished", status=request.param)


URL = "/en/campaigns/unpublished/"


def test_anonymous_visitors_get_404(client, hidden_campaign):
    assert client.get(URL).status_code == 404


def test_logged_in_donors_get_404(client, plain_user, hidden_campaign):
    client.force_login(plain_user)
    assert client.get(URL).status_code == 404


def test_staff_of_another_member_organisation_get_404(client, member_of, hidden_campaign):
    member_of(client, MemberOrganisationFactory())
    assert client.get(URL).status_code == 404


def test_staff_preview_with_a_banner(staff_client, hidden_campaign):
    response = staff_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert BANNER in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'id="give-heading"' not in html, "no giving before publication"


def test_the_owning_organisations_staff_preview_with_a_banner(client, member_of, hidden_campaign):
    member_of(client, hidden_campaign.organisation)
    response = client.get(URL)
    assert response.status_code == 200
    assert BANNER in response.content.decode()


def test_a_centre_campaign_is_previewable_by_staff_only(client, member_of, staff_client):
    campaign = CampaignFactory(slug="unpublished", draft=True, organisation=None)
    assert staff_client.get(URL).status_code == 200
    staff_client.logout()
    member_of(client, MemberOrganisationFactory())
    assert client.get(URL).status_code == 404
    assert campaign.organisation is None


@pytest.mark.parametrize("status", ["published", "closed"])
def test_public_campaigns_show_no_banner_even_to_staff(staff_client, status):
    CampaignFactory(slug="unpublished", status=status)
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert BANNER not in response.content.decode()
