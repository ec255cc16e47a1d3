import pytest
from django.utils import translation

from campaigns import services
from campaigns.models import ALLOWED_STATUS_TRANSITIONS, CampaignStatus, CampaignStatusChange
from tests.factories.campaigns import CampaignFactory

pytestmark = pytest.mark.django_db

ALLOWED = [
    (start, end) for start, ends in ALLOWED_STATUS_TRANSITIONS.items() for end in sorted(ends)
]
ILLEGAL = [
    (start, end)
    for start in CampaignStatus.values
    for end in CampaignStatus.values
    if end not in ALLOWED_STATUS_TRANSITIONS[start]
]


@pytest.mark.parametrize(("start", "end"), ALLOWED)
def test_every_allowed_transition_moves_and_is_logged(start, end, staff_user):
    campaign = CampaignFactory(status=start)

    moved = services.change_campaign_status(campaign, end, by=staff_user, note="why")

    campaign.refresh_from_db()
    assert moved.status == campaign.status == end
    change = CampaignStatusChange.objects.get(campaign=campaign)
    assert (change.from_status, change.to_status) == (start, end)
    assert change.changed_by == staff_user
    assert change.note == "why"


@pytest.mark.parametrize(("start", "end"), ILLEGAL)
def test_every_illegal_transition_is_refused_and_changes_nothing(start, end, staff_user):
    campaign = CampaignFactory(status=start)
    updated_at = campaign.updated_at

    with pytest.raises(services.InvalidTransition):
        services.change_campaign_status(campaign, end, by=staff_user)

    campaign.refresh_from_db()
    assert campaign.status == start
    assert campaign.updated_at == updated_at
    assert not CampaignStatusChange.objects.exists()


def test_publishing_stamps_the_first_publication_only():
    campaign = CampaignFactory(in_review=True)
    services.publish_campaign(campaign)
    campaign.refresh_from_db()
    first_published_at = campaign.published_at
    assert first_published_at is not None

    services.close_campaign(campaign)
    campaign.refresh_from_db()
    assert campaign.published_at == first_published_at


def test_the_named_steps_walk_the_whole_workflow(staff_user):
    campaign = CampaignFactory(draft=True)
    services.submit_for_review(campaign, by=staff_user)
    services.return_to_draft(campaign, by=staff_user, note="Fix the story")
    services.submit_for_review(campaign, by=staff_user)
    services.publish_campaign(campaign, by=staff_user)
    services.close_campaign(campaign, by=staff_user)

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    steps = campaign.status_changes.order_by("changed_at", "pk").values_list("to_status", flat=True)
    assert list(steps) == ["in_review", "draft", "in_review", "published", "closed"]


def test_the_refusal_names_both_statuses_in_the_active_language():
    campaign = CampaignFactory(draft=True)
    with (
        translation.override("en"),
        pytest.raises(services.InvalidTransition, match=r"Draft.*Published"),
    ):
        services.publish_campaign(campaign)
