"""Every portal page against every role in tests/roles.py: anonymous visitors are sent
to sign in (302), roles a page is not for get 403, and another organisation's campaign
or organisation is a 404 (never revealed)."""

import pytest
from django.urls import reverse

from campaigns.models import OrganisationMembership
from tests.factories.accounts import UserFactory
from tests.factories.campaigns import CampaignFactory, MemberOrganisationFactory
from tests.roles import ROLES, log_in_as

pytestmark = pytest.mark.django_db

OK = 200
# Columns follow ROLES: anonymous, donor, editor, admin, other org's admin, fundraising,
# finance, superuser. A 302 for someone signed in is a successful POST's redirect.
EXPECTED = {
    ("get", "home"): (302, 403, OK, OK, OK, 403, 403, OK),
    ("get", "campaign"): (302, 403, OK, OK, 404, OK, 403, OK),
    ("get", "campaign-preview"): (302, 403, OK, OK, 404, OK, 403, OK),
    ("get", "campaign-edit"): (302, 403, 302, 302, 404, 403, 403, 302),
    ("post", "campaign-submit"): (302, 403, 302, 302, 404, 403, 403, 302),
    ("post", "campaign-close"): (302, 403, 302, 302, 404, 403, 403, 302),
    ("get", "campaign-new"): (302, 403, OK, OK, 404, 403, 403, OK),
    ("get", "colleagues"): (302, 403, 403, OK, 404, 403, 403, OK),
    ("post", "colleague-remove"): (302, 403, 403, 302, 404, 403, 403, 302),
    ("get", "review-queue"): (302, 403, 403, 403, 403, OK, 403, OK),
    ("get", "review"): (302, 403, 403, 403, 403, OK, 403, OK),
}


def _url(page: str, campaign, colleague_id: int) -> str:
    organisation = campaign.organisation.slug
    kwargs = {
        "home": {},
        "review-queue": {},
        "campaign-new": {"organisation": organisation},
        "colleagues": {"organisation": organisation},
        "colleague-remove": {"organisation": organisation, "user_id": colleague_id},
    }.get(page, {"slug": campaign.slug})
    return reverse(f"portal:{page}", kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role(client, role):
    """The campaign is in review, so editing it redirects back with a message."""
    organisation = MemberOrganisationFactory()
    campaign = CampaignFactory(
        organisation=organisation, in_review=True, title_sv="Förbundets kampanj"
    )
    log_in_as(client, role, organisation)
    column = ROLES.index(role)
    for (method, page), expected in EXPECTED.items():
        colleague = OrganisationMembership.objects.create(
            organisation=organisation, user=UserFactory()
        )
        response = getattr(client, method)(_url(page, campaign, colleague.user_id))
        assert response.status_code == expected[column], (role, page)
        if role == "anonymous":
            assert response["Location"].startswith(reverse("account_login"))
        if response.status_code in (403, 404):
            assert "Förbundets kampanj" not in response.content.decode()


def test_another_organisations_campaign_never_appears_in_the_portal(client):
    mine = MemberOrganisationFactory()
    theirs = CampaignFactory(title_sv="Deras hemliga kampanj", draft=True)
    log_in_as(client, "organisation_admin", mine)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "Deras hemliga kampanj" not in response.content.decode()
    preview = client.get(reverse("portal:campaign-preview", kwargs={"slug": theirs.slug}))
    assert preview.status_code == 404
