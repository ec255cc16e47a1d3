import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from campaigns import services
from campaigns.models import (
    Campaign,
    CampaignStatus,
    CampaignStatusChange,
    Country,
    MemberOrganisation,
    OrganisationMembership,
    Programme,
    Region,
    Theme,
)
from tests.factories.campaigns import (
    CampaignFactory,
    OrganisationMembershipFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Region,
    Country,
    Theme,
    Programme,
    MemberOrganisation,
    OrganisationMembership,
    Campaign,
    CampaignStatusChange,
]


def admin_url(model, view, *args):
    return reverse(f"admin:campaigns_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def some_of_everything(staff_user):
    campaign = CampaignFactory(in_review=True, programme__themes=[ThemeFactory()])
    services.publish_campaign(campaign, by=staff_user)
    OrganisationMembershipFactory(organisation=campaign.organisation)
    return campaign


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelists_load_for_staff(staff_client, some_of_everything, model):
    response = staff_client.get(admin_url(model, "changelist"), {"q": "a"})
    assert response.status_code == 200
    assert staff_client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_change_forms_load_for_staff(staff_client, some_of_everything, model):
    row = model.objects.first()
    assert staff_client.get(admin_url(model, "change", row.pk)).status_code == 200


def test_campaign_status_is_read_only_with_its_history_inline(staff_client, some_of_everything):
    html = staff_client.get(admin_url(Campaign, "change", some_of_everything.pk)).content.decode()
    assert 'name="status"' not in html
    assert "status_changes-TOTAL_FORMS" in html


def test_status_history_cannot_be_added_by_hand(staff_client):
    assert staff_client.get(admin_url(CampaignStatusChange, "add")).status_code == 403


def test_member_organisation_has_its_staff_inline(staff_client, some_of_everything):
    organisation = some_of_everything.organisation
    html = staff_client.get(
        admin_url(MemberOrganisation, "change", organisation.pk)
    ).content.decode()
    assert "organisationmembership_set-TOTAL_FORMS" in html


def run_action(client, action, *campaigns):
    with translation.override("en"):
        return client.post(
            admin_url(Campaign, "changelist"),
            {"action": action, "_selected_action": [campaign.pk for campaign in campaigns]},
            follow=True,
        )


def messages_of(response):
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_publish_moves_a_campaign_in_review(staff_client, staff_user):
    campaign = CampaignFactory(in_review=True)

    response = run_action(staff_client, "publish", campaign)

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED
    assert campaign.status_changes.get().changed_by == staff_user
    assert ("success", "1 kampanj flyttades.") in messages_of(response)


def test_publish_refuses_a_draft_with_an_error_message(staff_client):
    campaign = CampaignFactory(draft=True)

    response = run_action(staff_client, "publish", campaign)

    campaign.refresh_from_db()
    assert response.status_code == 200
    assert campaign.status == CampaignStatus.DRAFT
    assert not campaign.status_changes.exists()
    [(level, text)] = messages_of(response)
    assert level == "error"
    assert "kan inte gå från ”Utkast” till ”Publicerad”" in text


def test_a_mixed_selection_moves_what_it_can_and_reports_the_rest(staff_client):
    ready = CampaignFactory(in_review=True)
    not_ready = CampaignFactory(draft=True)

    response = run_action(staff_client, "publish", ready, not_ready)

    assert {level for level, _ in messages_of(response)} == {"success", "error"}
    ready.refresh_from_db()
    not_ready.refresh_from_db()
    assert (ready.status, not_ready.status) == ("published", "draft")


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [
        ("submit_for_review", "draft", "in_review"),
        ("return_to_draft", "in_review", "draft"),
        ("close", "published", "closed"),
    ],
)
def test_the_other_workflow_actions(staff_client, action, start, end):
    campaign = CampaignFactory(status=start)
    run_action(staff_client, action, campaign)
    campaign.refresh_from_db()
    assert campaign.status == end
