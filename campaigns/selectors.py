"""Read queries behind the public pages.

Every function here costs a fixed number of queries whatever the amount of
data: related rows come through ``select_related`` / ``prefetch_related`` and
money totals through ``donations.selectors.totals_for_campaigns`` (one query).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from donations.selectors import CampaignTotals, totals_for_campaigns

from .models import (
    Campaign,
    CampaignQuerySet,
    Country,
    OrganisationMembership,
    Programme,
    Region,
    Theme,
)

FEATURED_LIMIT = 3


@dataclass(frozen=True)
class CampaignCard:
    """A campaign with its money totals, ready for a card or a thermometer."""

    campaign: Campaign
    totals: CampaignTotals

    @property
    def has_ended(self) -> bool:
        """Past its end date, whether or not anyone has closed it yet."""
        ends_on = self.campaign.ends_on
        return ends_on is not None and ends_on < timezone.localdate()


@dataclass(frozen=True)
class RegionProgrammes:
    region: Region
    programmes: list[Programme]


def _campaigns_for_display() -> CampaignQuerySet:
    """Campaigns with everything a campaign card shows about them."""
    return Campaign.objects.select_related("programme__region", "organisation")


def with_totals(campaigns: Iterable[Campaign]) -> list[CampaignCard]:
    """Pair each campaign with its totals, in one query for all of them."""
    campaigns = list(campaigns)
    totals = totals_for_campaigns(campaigns)
    return [CampaignCard(campaign, totals[campaign.pk]) for campaign in campaigns]


def public_campaigns(
    *, region: Region | None = None, theme: Theme | None = None
) -> CampaignQuerySet:
    """Published campaigns, optionally only those of a region's or a theme's programmes."""
    campaigns = _campaigns_for_display().published()
    if region is not None:
        campaigns = campaigns.filter(programme__region=region)
    if theme is not None:
        campaigns = campaigns.filter(programme__themes=theme)
    return campaigns


def featured_campaigns(limit: int = FEATURED_LIMIT) -> list[CampaignCard]:
    return with_totals(public_campaigns().filter(is_featured=True)[:limit])


def programme_campaigns(programme: Programme) -> list[CampaignCard]:
    """The programme's campaigns the public may see, closed ones kept for the record."""
    return with_totals(
        _campaigns_for_display()
        .public()
        .filter(programme=programme)
        .order_by("status", "-starts_on")
    )


def can_preview(user: User | AnonymousUser, campaign: Campaign) -> bool:
    """Staff preview every campaign; a member organisation's staff preview their own."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return (
        campaign.organisation_id is not None
        and OrganisationMembership.objects.filter(
            user=user, organisation_id=campaign.organisation_id
        ).exists()
    )


def campaign_for_page(slug: str, user: User | AnonymousUser) -> Campaign:
    """The campaign behind a public page; unpublished ones only for those who may preview
    them. A hidden campaign is a 404, not a 403, so its existence does not leak."""
    campaign = (
        _campaigns_for_display().prefetch_related("programme__countries").filter(slug=slug).first()
    )
    if campaign is None or not (campaign.is_public or can_preview(user, campaign)):
        raise Http404("No such campaign.")
    return campaign


def _programmes_for_display() -> QuerySet[Programme]:
    return Programme.objects.select_related("region").prefetch_related("countries", "themes")


def programme_for_page(slug: str) -> Programme:
    programme = _programmes_for_display().filter(slug=slug).first()
    if programme is None:
        raise Http404("No such programme.")
    return programme


def programmes_by_region() -> list[RegionProgrammes]:
    """Every programme with its countries and themes, grouped under its region."""
    groups: dict[int, RegionProgrammes] = {}
    for programme in _programmes_for_display().order_by(
        "region__sort_order", "region__name_en", "title_en"
    ):
        region = programme.region
        groups.setdefault(region.pk, RegionProgrammes(region, [])).programmes.append(programme)
    return list(groups.values())


def regions_with_countries() -> list[Region]:
    """Regions with their countries, each country with the programmes working there."""
    return list(
        Region.objects.prefetch_related(
            Prefetch(
                "countries",
                queryset=Country.objects.prefetch_related("programmes"),
            )
        )
    )
