"""State changes of campaigns: the status workflow draft → in review → published → closed."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .models import Campaign, CampaignStatus, CampaignStatusChange


class InvalidTransition(Exception):
    """A campaign was asked to move to a status its current status does not lead to."""


@transaction.atomic
def change_campaign_status(
    campaign: Campaign,
    to_status: str,
    *,
    by: User | None = None,
    note: str = "",
    values: dict | None = None,
) -> Campaign:
    """Move a campaign along the workflow, refusing moves the workflow does not allow."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.can_move_to(to_status):
        raise InvalidTransition(
            _("A campaign cannot move from “%(from)s” to “%(to)s”.")
            % {"from": campaign.get_status_display(), "to": CampaignStatus(to_status).label}
        )
    from_status = campaign.status
    campaign.status = to_status
    fields = ["status", "updated_at"]
    if to_status == CampaignStatus.PUBLISHED and campaign.published_at is None:
        campaign.published_at = timezone.now()
        fields.append("published_at")
    campaign.save(update_fields=fields)
    CampaignStatusChange.objects.create(
        campaign=campaign,
        from_status=from_status,
        to_status=to_status,
        changed_by=by,
        note=note,
        values=values or {},
    )
    return campaign


def submit_for_review(campaign: Campaign, *, by: User | None = None) -> Campaign:
    return change_campaign_status(campaign, CampaignStatus.IN_REVIEW, by=by)


def publish_campaign(campaign: Campaign, *, by: User | None = None) -> Campaign:
    return change_campaign_status(campaign, CampaignStatus.PUBLISHED, by=by)


def return_to_draft(
    campaign: Campaign, *, by: User | None = None, note: str = "", values: dict | None = None
) -> Campaign:
    """Send back to draft; ``values`` keeps what was reviewed, for the next review's diff."""
    return change_campaign_status(campaign, CampaignStatus.DRAFT, by=by, note=note, values=values)


def close_campaign(campaign: Campaign, *, by: User | None = None) -> Campaign:
    return change_campaign_status(campaign, CampaignStatus.CLOSED, by=by)
