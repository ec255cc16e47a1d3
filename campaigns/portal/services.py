"""The portal's workflow: an organisation creates and edits campaigns, submits them,
the fundraising team approves them or sends them back with a comment, and the
organisation closes them.

A draft is edited in place. A published campaign's edits become its open
``CampaignRevision`` and go through review the same way; approving copies the revision
onto the campaign in one transaction, so the public sees the approved version until then.
Every step is a row in the campaign's history (``CampaignStatusChange``) and every
decision emails the organisation's staff (``campaigns.tasks.send_review_notice``).
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User

from .. import tasks
from ..images import CheckedImage, remove_hero_image, store_hero_image
from ..models import (
    Campaign,
    CampaignStatus,
    CampaignStatusChange,
    Country,
    HistoryEvent,
    MemberOrganisation,
    Programme,
    Theme,
)
from ..services import close_campaign, publish_campaign, return_to_draft, submit_for_review
from .models import (
    DATE_FIELDS,
    MANY_TO_MANY_FIELDS,
    CampaignRevision,
    campaign_values,
    values_to_json,
)

SLUG_MAX_LENGTH = 70


class WorkflowRefused(Exception):
    """A step the campaign's state does not allow; the message says why, translated."""


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def open_revision(campaign: Campaign) -> CampaignRevision | None:
    """The campaign's revision being edited or in review, if any."""
    return (
        campaign.revisions.exclude(state=CampaignRevision.State.APPROVED)
        .order_by("-created_at")
        .first()
    )


def _unique_slug(title: str) -> str:
    base = slugify(title)[:SLUG_MAX_LENGTH].strip("-") or "kampanj"
    slug, number = base, 1
    while Campaign.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _assign(campaign: Campaign, values: dict[str, Any]) -> None:
    """Set the campaign's plain fields from cleaned values; many-to-many come after save."""
    for field, value in values.items():
        if field not in MANY_TO_MANY_FIELDS:
            setattr(campaign, field, value)


def _save_with_relations(campaign: Campaign, values: dict[str, Any]) -> None:
    campaign.save()
    for field in MANY_TO_MANY_FIELDS:
        if field in values:
            getattr(campaign, field).set(values[field])


def _apply_image(
    owner: Campaign | CampaignRevision,
    values: dict[str, Any],
    upload: CheckedImage | None,
    remove_image: bool,
) -> None:
    if upload is not None:
        store_hero_image(owner, upload, alt_sv=values["hero_alt_sv"], alt_en=values["hero_alt_en"])
    elif remove_image and owner.hero_image is not None:
        remove_hero_image(owner)


@transaction.atomic
def create_campaign(
    organisation: MemberOrganisation,
    values: dict[str, Any],
    *,
    by: User,
    upload: CheckedImage | None = None,
) -> Campaign:
    """A new draft campaign of the organisation, with its hero image if one was uploaded."""
    campaign = Campaign(
        organisation=organisation,
        status=CampaignStatus.DRAFT,
        slug=_unique_slug(values["title_sv"]),
    )
    _assign(campaign, values)
    _save_with_relations(campaign, values)
    _apply_image(campaign, values, upload, remove_image=False)
    _record(campaign, HistoryEvent.CREATED, by=by)
    return campaign


@transaction.atomic
def edit_campaign(
    campaign: Campaign,
    values: dict[str, Any],
    *,
    by: User,
    upload: CheckedImage | None = None,
    remove_image: bool = False,
) -> Campaign | CampaignRevision:
    """Save a draft in place, or a published campaign's edits as its open revision.
    A campaign in review or closed is refused."""
    campaign = _locked(campaign)
    if campaign.status == CampaignStatus.DRAFT:
        _assign(campaign, values)
        _save_with_relations(campaign, values)
        _apply_image(campaign, values, upload, remove_image)
        return campaign
    if campaign.status != CampaignStatus.PUBLISHED:
        raise WorkflowRefused(_("A campaign in review or closed cannot be edited."))
    revision = open_revision(campaign) or CampaignRevision(campaign=campaign, created_by=by)
    if revision.state == CampaignRevision.State.IN_REVIEW:
        raise WorkflowRefused(
            _("The changes are being reviewed; you can edit again once they are decided.")
        )
    revision.values = values_to_json(values)
    revision.hero_alt_sv, revision.hero_alt_en = values["hero_alt_sv"], values["hero_alt_en"]
    revision.save()
    _apply_image(revision, values, upload, remove_image=False)
    return revision


def _record(campaign: Campaign, event: str, *, by: User | None, note: str = "") -> None:
    CampaignStatusChange.objects.create(
        campaign=campaign,
        from_status=campaign.status,
        to_status=campaign.status,
        event=event,
        changed_by=by,
        note=note,
    )


@transaction.atomic
def submit_campaign(campaign: Campaign, *, by: User) -> None:
    """Send a draft, or a published campaign's edited changes, to the review queue."""
    campaign = _locked(campaign)
    if campaign.status == CampaignStatus.DRAFT:
        submit_for_review(campaign, by=by)
        return
    revision = open_revision(campaign) if campaign.status == CampaignStatus.PUBLISHED else None
    if revision is None or revision.state != CampaignRevision.State.DRAFT:
        raise WorkflowRefused(_("There is nothing to submit for review."))
    revision.state = CampaignRevision.State.IN_REVIEW
    revision.submitted_at = timezone.now()
    revision.save(update_fields=["state", "submitted_at", "updated_at"])
    _record(campaign, HistoryEvent.CHANGES_SUBMITTED, by=by)


def revision_in_review(campaign: Campaign) -> CampaignRevision | None:
    if campaign.status != CampaignStatus.PUBLISHED:
        return None
    revision = open_revision(campaign)
    if revision is None or revision.state != CampaignRevision.State.IN_REVIEW:
        return None
    return revision


@transaction.atomic
def approve_campaign(campaign: Campaign, *, by: User) -> None:
    """Publish a campaign in review, or copy its reviewed changes onto it."""
    campaign = _locked(campaign)
    if campaign.status == CampaignStatus.IN_REVIEW:
        publish_campaign(campaign, by=by)
        _notify(campaign, approved=True)
        return
    revision = revision_in_review(campaign)
    if revision is None:
        raise WorkflowRefused(_("This campaign is not waiting for review."))
    _apply_revision(campaign, revision)
    _record(campaign, HistoryEvent.CHANGES_APPROVED, by=by)
    _notify(campaign, approved=True)


@transaction.atomic
def send_back(campaign: Campaign, *, by: User, comment: str) -> None:
    """Return a campaign (or its changes) to the organisation with a required comment."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what needs to change.")})
    campaign = _locked(campaign)
    if campaign.status == CampaignStatus.IN_REVIEW:
        return_to_draft(campaign, by=by, note=comment, values=reviewed_values(campaign))
        _notify(campaign, approved=False, comment=comment)
        return
    revision = revision_in_review(campaign)
    if revision is None:
        raise WorkflowRefused(_("This campaign is not waiting for review."))
    revision.state = CampaignRevision.State.DRAFT
    revision.save(update_fields=["state", "updated_at"])
    _record(campaign, HistoryEvent.CHANGES_RETURNED, by=by, note=comment)
    _notify(campaign, approved=False, comment=comment)


@transaction.atomic
def close_organisation_campaign(campaign: Campaign, *, by: User) -> None:
    """Close a published campaign: it stops taking gifts and stays public for the record."""
    campaign = _locked(campaign)
    if campaign.status != CampaignStatus.PUBLISHED:
        raise WorkflowRefused(_("Only a published campaign can be closed."))
    close_campaign(campaign, by=by)


def reviewed_values(campaign: Campaign) -> dict[str, Any]:
    """The campaign's values as JSON, with its image's address under ``hero_image``."""
    image = campaign.hero_image
    return {**campaign_values(campaign), "hero_image": image.fallback_url if image else ""}


def decoded_values(encoded: dict[str, Any]) -> dict[str, Any]:
    """A revision's JSON values as model values (rows for ids, dates for ISO strings);
    a programme, country or theme deleted meanwhile is left out."""
    values = dict(encoded)
    if "programme" in values:
        values["programme"] = Programme.objects.filter(pk=values["programme"]).first()
    for field, model in (("countries", Country), ("themes", Theme)):
        if field in values:
            values[field] = list(model.objects.filter(pk__in=values[field]))
    for field in DATE_FIELDS:
        if values.get(field):
            values[field] = date.fromisoformat(values[field])
    return values


def proposed_campaign(campaign: Campaign, revision: CampaignRevision) -> Campaign:
    """An unsaved copy of the campaign as it would be with the revision applied (for the
    preview and the review), its many-to-many fields included; nothing is written."""
    values = decoded_values(revision.values)
    proposed = Campaign.objects.select_related("programme", "organisation").get(pk=campaign.pk)
    _assign(proposed, values)
    if revision.has_new_image:
        proposed.hero_image_name = revision.hero_image_name
        proposed.hero_image_width = revision.hero_image_width
        proposed.hero_image_height = revision.hero_image_height
    _show_proposed_relations(proposed, values)
    return proposed


def _show_proposed_relations(proposed: Campaign, values: dict[str, Any]) -> None:
    """Fill the copy's many-to-many managers with the proposed rows the way
    ``prefetch_related`` does, so ``proposed.countries.all()`` (as the public template reads
    it) gives them without touching the live campaign's links. A field the revision does
    not carry keeps the live rows, as approving would."""
    cache = proposed.__dict__.setdefault("_prefetched_objects_cache", {})
    for field in MANY_TO_MANY_FIELDS:
        if field not in values:
            continue
        rows = values[field]
        shown = getattr(proposed, field).model.objects.filter(pk__in=[row.pk for row in rows])
        shown._result_cache = rows
        shown._prefetch_done = True
        cache[field] = shown


def _apply_revision(campaign: Campaign, revision: CampaignRevision) -> None:
    values = decoded_values(revision.values)
    _assign(campaign, values)
    if revision.has_new_image:
        campaign.hero_image_name = revision.hero_image_name
        campaign.hero_image_width = revision.hero_image_width
        campaign.hero_image_height = revision.hero_image_height
    campaign.full_clean(exclude=["slug"])
    _save_with_relations(campaign, values)
    revision.state = CampaignRevision.State.APPROVED
    revision.save(update_fields=["state", "updated_at"])


def start_values(campaign: Campaign) -> dict[str, Any]:
    """What the edit form starts from: the open revision's values, else the campaign's."""
    revision = open_revision(campaign)
    return decoded_values(revision.values if revision else campaign_values(campaign))


def _notify(campaign: Campaign, *, approved: bool, comment: str = "") -> None:
    campaign_id = campaign.pk
    transaction.on_commit(
        lambda: tasks.send_review_notice.delay(campaign_id, approved=approved, comment=comment)
    )
