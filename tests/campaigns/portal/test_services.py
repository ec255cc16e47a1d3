"""The portal's workflow: drafts, submission, review, revisions of published campaigns,
closing; and each refusal."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from campaigns.images import check_hero_upload
from campaigns.models import Campaign, CampaignStatus, HistoryEvent
from campaigns.portal import services
from campaigns.portal.models import CampaignRevision, campaign_values
from campaigns.portal.selectors import changes_to_review, latest_review_comment, review_queue
from campaigns.services import change_campaign_status
from fundraising.money import format_money
from tests.campaigns.image_files import image_upload
from tests.factories.accounts import FundraisingStaffFactory
from tests.factories.campaigns import (
    CampaignFactory,
    CountryFactory,
    MemberOrganisationFactory,
    OrganisationStaffFactory,
    ThemeFactory,
)

from .helpers import values

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return OrganisationStaffFactory().user


@pytest.fixture
def reviewer():
    return FundraisingStaffFactory()


def _organisation_of(user):
    return user.member_organisations.get()


def test_a_new_campaign_is_a_draft_of_the_organisation_with_a_unique_slug(editor):
    organisation = _organisation_of(editor)
    first = services.create_campaign(organisation, values(), by=editor)
    second = services.create_campaign(organisation, values(), by=editor)
    assert first.status == CampaignStatus.DRAFT
    assert first.organisation == organisation
    assert (first.slug, second.slug) == ("fackliga-rattigheter", "fackliga-rattigheter-2")
    assert list(first.countries.all()) == list(first.programme.countries.all())


def test_a_draft_with_an_image_stores_it_through_the_images_service(editor):
    campaign = services.create_campaign(
        _organisation_of(editor),
        values(hero_alt_sv="Arbetare", hero_alt_en="Workers"),
        by=editor,
        upload=check_hero_upload(image_upload()),
    )
    campaign.refresh_from_db()
    assert campaign.hero_image is not None
    assert campaign.hero_image_name.startswith(f"heroes/campaign/{campaign.pk}/")


def test_submit_send_back_with_a_comment_resubmit_and_approve(
    editor, reviewer, django_capture_on_commit_callbacks
):
    campaign = services.create_campaign(_organisation_of(editor), values(), by=editor)
    services.submit_campaign(campaign, by=editor)
    assert [item.campaign for item in review_queue()] == [campaign]
    with pytest.raises(ValidationError):
        services.send_back(campaign, by=reviewer, comment="   ")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_back(campaign, by=reviewer, comment="Lägg till en bild.")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    assert latest_review_comment(campaign).note == "Lägg till en bild."
    assert mail.outbox[-1].to == [editor.email]
    assert "Lägg till en bild." in mail.outbox[-1].body
    assert mail.outbox[-1].alternatives[0][1] == "text/html"
    services.submit_campaign(campaign, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_campaign(campaign, by=reviewer)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED
    assert latest_review_comment(campaign) is None
    moves = campaign.status_changes.filter(event=HistoryEvent.STATUS).order_by("pk")
    assert campaign.status_changes.order_by("pk").first().event == HistoryEvent.CREATED
    assert [change.to_status for change in moves] == [
        CampaignStatus.IN_REVIEW,
        CampaignStatus.DRAFT,
        CampaignStatus.IN_REVIEW,
        CampaignStatus.PUBLISHED,
    ]
    assert review_queue() == []


def test_changes_to_a_published_campaign_wait_for_review_and_are_copied_on_approval(
    editor, reviewer
):
    campaign = CampaignFactory(organisation=_organisation_of(editor), title_sv="Gammal titel")
    proposed = values(campaign.programme, title_sv="Ny titel", goal_minor=123_400)
    revision = services.edit_campaign(campaign, proposed, by=editor)
    assert isinstance(revision, CampaignRevision)
    campaign.refresh_from_db()
    assert campaign.title_sv == "Gammal titel"  # the public sees the approved version
    services.submit_campaign(campaign, by=editor)
    with pytest.raises(services.WorkflowRefused):
        services.edit_campaign(campaign, proposed, by=editor)
    labels = {change.field: change for change in changes_to_review(campaign)}
    assert "Gammal</del>" in labels["title_sv"].text_diff.before
    assert "Ny</ins>" in labels["title_sv"].text_diff.after
    services.approve_campaign(campaign, by=reviewer)
    campaign.refresh_from_db()
    assert (campaign.title_sv, campaign.goal_minor) == ("Ny titel", 123_400)
    assert campaign.status == CampaignStatus.PUBLISHED
    revision.refresh_from_db()
    assert revision.state == CampaignRevision.State.APPROVED
    assert campaign.status_changes.filter(event=HistoryEvent.CHANGES_APPROVED).exists()


def test_a_revision_sent_back_can_be_edited_again(editor, reviewer):
    campaign = CampaignFactory(organisation=_organisation_of(editor))
    services.edit_campaign(campaign, values(campaign.programme, title_sv="Förslag"), by=editor)
    services.submit_campaign(campaign, by=editor)
    services.send_back(campaign, by=reviewer, comment="Kortare titel, tack.")
    revision = services.edit_campaign(
        campaign, values(campaign.programme, title_sv="Kort"), by=editor
    )
    assert revision.state == CampaignRevision.State.DRAFT
    assert revision.values["title_sv"] == "Kort"
    assert CampaignRevision.objects.filter(campaign=campaign).count() == 1


def test_a_new_image_in_a_revision_reaches_the_campaign_only_on_approval(editor, reviewer):
    campaign = CampaignFactory(organisation=_organisation_of(editor))
    services.edit_campaign(
        campaign,
        values(campaign.programme, hero_alt_sv="Bild", hero_alt_en="Picture"),
        by=editor,
        upload=check_hero_upload(image_upload()),
    )
    campaign.refresh_from_db()
    assert campaign.hero_image is None
    services.submit_campaign(campaign, by=editor)
    services.approve_campaign(campaign, by=reviewer)
    campaign.refresh_from_db()
    assert campaign.hero_image is not None
    assert campaign.hero_alt_en == "Picture"


@pytest.mark.parametrize("status", [CampaignStatus.IN_REVIEW, CampaignStatus.CLOSED])
def test_a_campaign_in_review_or_closed_cannot_be_edited(editor, status):
    campaign = CampaignFactory(organisation=_organisation_of(editor), status=status)
    with pytest.raises(services.WorkflowRefused):
        services.edit_campaign(campaign, values(campaign.programme), by=editor)


def test_refusals_of_submit_approve_send_back_and_close(editor, reviewer):
    published = CampaignFactory(organisation=_organisation_of(editor))
    with pytest.raises(services.WorkflowRefused):
        services.submit_campaign(published, by=editor)  # nothing changed
    with pytest.raises(services.WorkflowRefused):
        services.approve_campaign(published, by=reviewer)
    with pytest.raises(services.WorkflowRefused):
        services.send_back(published, by=reviewer, comment="Nej")
    draft = CampaignFactory(organisation=_organisation_of(editor), draft=True)
    with pytest.raises(services.WorkflowRefused):
        services.close_organisation_campaign(draft, by=editor)
    assert not draft.status_changes.exists()


def test_the_organisation_closes_its_published_campaign(editor):
    campaign = CampaignFactory(organisation=_organisation_of(editor))
    services.close_organisation_campaign(campaign, by=editor)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED


def test_the_queue_is_oldest_first(editor, reviewer):
    organisation = _organisation_of(editor)
    first = services.create_campaign(organisation, values(), by=editor)
    published = CampaignFactory(organisation=organisation)
    services.submit_campaign(first, by=editor)
    services.edit_campaign(published, values(published.programme, title_sv="X"), by=editor)
    services.submit_campaign(published, by=editor)
    assert [item.campaign for item in review_queue()] == [first, published]
    assert review_queue()[1].revision is not None


def test_review_emails_go_to_every_staff_member_in_their_language(
    reviewer, django_capture_on_commit_callbacks
):
    organisation = MemberOrganisationFactory()
    swede = OrganisationStaffFactory(organisation=organisation, user__language="sv").user
    english = OrganisationStaffFactory(organisation=organisation, user__language="en").user
    campaign = CampaignFactory(organisation=organisation, in_review=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_campaign(campaign, by=reviewer)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[swede.email].startswith("Godkänd")
    assert subjects[english.email].startswith("Approved")
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.PUBLISHED


def test_the_send_back_comment_is_gone_once_the_campaign_is_resubmitted(editor, reviewer):
    campaign = services.create_campaign(_organisation_of(editor), values(), by=editor)
    services.submit_campaign(campaign, by=editor)
    services.send_back(campaign, by=reviewer, comment="Lägg till en bild.")
    services.submit_campaign(campaign, by=editor)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.IN_REVIEW
    assert latest_review_comment(campaign) is None


def test_a_returned_revision_shows_its_comment_until_it_is_resubmitted(editor, reviewer):
    campaign = CampaignFactory(organisation=_organisation_of(editor))
    services.edit_campaign(campaign, values(campaign.programme, title_sv="Förslag"), by=editor)
    services.submit_campaign(campaign, by=editor)
    services.send_back(campaign, by=reviewer, comment="Kortare titel, tack.")
    assert latest_review_comment(campaign).note == "Kortare titel, tack."
    services.submit_campaign(campaign, by=editor)
    assert latest_review_comment(campaign) is None


def test_an_approval_note_is_not_a_send_back_comment(editor, reviewer):
    campaign = services.create_campaign(_organisation_of(editor), values(), by=editor)
    services.submit_campaign(campaign, by=editor)
    change_campaign_status(campaign, CampaignStatus.PUBLISHED, by=reviewer, note="Demo data")
    assert latest_review_comment(campaign) is None


def test_the_review_labels_money_fields_without_minor_units(editor):
    campaign = services.create_campaign(
        _organisation_of(editor), values(goal_minor=15_000_000), by=editor
    )
    labels = {change.field: change for change in changes_to_review(campaign)}
    assert labels["goal_minor"].label == "Mål"
    assert labels["goal_minor"].after == format_money(15_000_000, "SEK")
    assert "öre" not in labels["goal_minor"].label


def test_a_resubmitted_new_campaign_is_compared_with_what_was_sent_back(editor, reviewer):
    campaign = services.create_campaign(
        _organisation_of(editor), values(title_sv="Gammal titel"), by=editor
    )
    services.submit_campaign(campaign, by=editor)
    services.send_back(campaign, by=reviewer, comment="Ändra titeln.")
    campaign.refresh_from_db()
    services.edit_campaign(campaign, values(campaign.programme, title_sv="Ny titel"), by=editor)
    services.submit_campaign(campaign, by=editor)
    campaign.refresh_from_db()
    changes = {change.field: change for change in changes_to_review(campaign)}
    assert list(changes) == ["title_sv"]
    assert "Gammal</del>" in changes["title_sv"].text_diff.before
    assert "Ny</ins>" in changes["title_sv"].text_diff.after


def test_a_revision_that_changed_only_countries_lists_only_countries(editor):
    campaign = CampaignFactory(
        organisation=_organisation_of(editor), story_sv="Första stycket.\n\nAndra stycket."
    )
    proposed = {
        **services.start_values(campaign),
        "story_sv": "Första stycket.\r\n\r\nAndra stycket.",
        "countries": [CountryFactory()],
    }
    revision = services.edit_campaign(campaign, proposed, by=editor)
    assert revision.values["story_sv"] == "Första stycket.\n\nAndra stycket."
    services.submit_campaign(campaign, by=editor)
    assert [change.field for change in changes_to_review(campaign)] == ["countries"]


def test_a_revision_stored_with_crlf_line_endings_compares_equal_to_the_campaign(editor):
    campaign = CampaignFactory(
        organisation=_organisation_of(editor), story_en="First paragraph.\n\nSecond one."
    )
    CampaignRevision.objects.create(
        campaign=campaign,
        state=CampaignRevision.State.IN_REVIEW,
        values={
            **campaign_values(campaign),
            "story_en": "First paragraph.\r\n\r\nSecond one.",
            "countries": [CountryFactory().pk],
        },
    )
    assert [change.field for change in changes_to_review(campaign)] == ["countries"]


def test_a_new_campaign_never_sent_back_shows_every_field_as_new(editor):
    campaign = services.create_campaign(_organisation_of(editor), values(), by=editor)
    services.submit_campaign(campaign, by=editor)
    changes = changes_to_review(campaign)
    assert "title_sv" in [change.field for change in changes]
    assert all(change.before == "" for change in changes)


def test_the_proposed_campaign_carries_the_proposed_themes_and_leaves_the_live_ones(editor):
    campaign = CampaignFactory(organisation=_organisation_of(editor))
    live_theme, proposed_theme = ThemeFactory(), ThemeFactory()
    campaign.themes.set([live_theme])
    revision = services.edit_campaign(
        campaign, values(campaign.programme, themes=[proposed_theme]), by=editor
    )
    proposed = services.proposed_campaign(campaign, revision)
    assert list(proposed.themes.all()) == [proposed_theme]
    assert list(Campaign.objects.get(pk=campaign.pk).themes.all()) == [live_theme]
