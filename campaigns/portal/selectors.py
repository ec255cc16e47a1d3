"""Read queries of the portal and the review queue, each a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, Prefetch, Q, QuerySet

from accounts.models import User

from ..models import (
    Campaign,
    CampaignStatus,
    CampaignStatusChange,
    HistoryEvent,
    MemberOrganisation,
    OrganisationMembership,
)
from ..rules import organisation_ids_of
from ..selectors import CampaignCard, with_totals
from .diff import IMAGE, FieldChange, field_changes
from .models import CampaignRevision
from .services import decoded_values, open_revision, reviewed_values


@dataclass(frozen=True)
class OrganisationCampaigns:
    organisation: MemberOrganisation
    cards: list[CampaignCard]
    open_revisions: dict[int, CampaignRevision]


def _with_open_revisions() -> Prefetch:
    return Prefetch(
        "revisions",
        queryset=CampaignRevision.objects.exclude(state=CampaignRevision.State.APPROVED),
        to_attr="open_revisions",
    )


def portal_overview(user: User | AnonymousUser) -> list[OrganisationCampaigns]:
    """Each organisation the user works for with its campaigns, totals and open changes."""
    organisations = MemberOrganisation.objects.filter(pk__in=organisation_ids_of(user))
    campaigns = list(
        Campaign.objects.filter(organisation__in=organisations)
        .select_related("programme", "organisation")
        .prefetch_related(_with_open_revisions())
        .order_by("status", "-created_at")
    )
    cards = with_totals(campaigns)
    return [
        OrganisationCampaigns(
            organisation,
            [card for card in cards if card.campaign.organisation_id == organisation.pk],
            {
                c.pk: c.open_revisions[0]  # type: ignore[attr-defined]
                for c in campaigns
                if c.organisation_id == organisation.pk and c.open_revisions  # type: ignore[attr-defined]
            },
        )
        for organisation in organisations
    ]


def history(campaign: Campaign) -> QuerySet[CampaignStatusChange]:
    return campaign.status_changes.select_related("changed_by").order_by("-changed_at", "-pk")


def _is_send_back(change: CampaignStatusChange) -> bool:
    return change.event == HistoryEvent.CHANGES_RETURNED or (
        change.event == HistoryEvent.STATUS
        and change.from_status == CampaignStatus.IN_REVIEW
        and change.to_status == CampaignStatus.DRAFT
    )


def latest_review_comment(campaign: Campaign) -> CampaignStatusChange | None:
    """The fundraising team's send-back comment while it is the campaign's latest step:
    a resubmission, an approval or any later status change makes it history."""
    last = campaign.status_changes.order_by("-changed_at", "-pk").first()
    if last is None or not last.note or not _is_send_back(last):
        return None
    return last


@dataclass(frozen=True)
class ReviewItem:
    campaign: Campaign
    revision: CampaignRevision | None
    waiting_since: datetime


def review_queue() -> list[ReviewItem]:
    """Campaigns waiting for review (new ones, and published ones with changes), oldest
    first by when they were submitted."""
    new = Campaign.objects.filter(status=CampaignStatus.IN_REVIEW).annotate(
        submitted=Max(
            "status_changes__changed_at",
            filter=Q(status_changes__to_status=CampaignStatus.IN_REVIEW),
        )
    )
    items = [
        ReviewItem(campaign, None, campaign.submitted or campaign.updated_at)
        for campaign in new.select_related("organisation", "programme")
    ]
    revisions = CampaignRevision.objects.filter(
        state=CampaignRevision.State.IN_REVIEW, campaign__status=CampaignStatus.PUBLISHED
    ).select_related("campaign__organisation", "campaign__programme")
    items += [
        ReviewItem(revision.campaign, revision, revision.submitted_at or revision.updated_at)
        for revision in revisions
    ]
    return sorted(items, key=lambda item: item.waiting_since)


def _image_url(owner: Any) -> str:
    image = owner.hero_image
    return image.fallback_url if image is not None else ""


def _last_sent_back_values(campaign: Campaign) -> dict[str, Any]:
    """What the campaign was when last sent back as a new campaign (empty if never)."""
    change = (
        campaign.status_changes.filter(
            event=HistoryEvent.STATUS,
            from_status=CampaignStatus.IN_REVIEW,
            to_status=CampaignStatus.DRAFT,
        )
        .exclude(values={})
        .order_by("-changed_at", "-pk")
        .first()
    )
    return decoded_values(change.values) if change is not None else {}


def changes_to_review(campaign: Campaign) -> list[FieldChange]:
    """What changed since the last approved version: for a published campaign its open
    revision's differences; for one never published, the differences since it was last
    sent back (everything, if it never was)."""
    revision = open_revision(campaign) if campaign.status == CampaignStatus.PUBLISHED else None
    after = decoded_values(reviewed_values(campaign))
    if revision is None:
        return field_changes(_last_sent_back_values(campaign), after, currency=after["currency"])
    before = after
    after = decoded_values(revision.values)
    after[IMAGE] = _image_url(revision) if revision.has_new_image else before[IMAGE]
    return field_changes(before, after, currency=after["currency"])


def colleagues(organisation: MemberOrganisation) -> QuerySet[OrganisationMembership]:
    return (
        OrganisationMembership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__email")
    )
