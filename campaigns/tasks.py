"""Background work of campaigns: the emails of the review workflow and invitations."""

from celery import shared_task

from .models import Campaign
from .portal import notices
from .portal.models import Invitation


@shared_task
def send_review_notice(campaign_pk: int, *, approved: bool, comment: str = "") -> None:
    campaign = Campaign.objects.select_related("organisation").get(pk=campaign_pk)
    notices.send_review_notice(campaign, approved=approved, comment=comment)


@shared_task
def send_invitation(invitation_pk: int) -> None:
    notices.send_invitation(Invitation.objects.select_related("organisation").get(pk=invitation_pk))
