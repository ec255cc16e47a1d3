"""Read queries behind the public pages.

Every function here costs a fixed number of queries whatever the amount of
data: related rows come through ``select_related`` / ``prefetch_related`` and
money totals from the kept aggregates (``CampaignTotal``, ``FundTotal``, one query),
which the gift ledger keeps in step with every gift and refund.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User

from .models import (
    Campaign,
    CampaignQuerySet,
    CampaignTotal,
    Country,
    FundTotal,
    Programme,
    Region,
    Theme,
)

FEATURED_LIMIT = 3
THERMOMETER_MIN_PERCENT = 2  # the smallest bar drawn for a campaign that has raised anything


@dataclass(frozen=True)
class CampaignTotals:
    """Raised money (net of refunds), gifts and distinct donors of one campaign."""

    raised_minor: int
    gift_count: int
    donor_count: int
    goal_minor: int
    currency: str

    @property
    def percent_of_goal(self) -> int:
        """Progress for the thermometer, 0–100."""
        if self.goal_minor <= 0:
            return 0
        return min(100, max(0, self.raised_minor * 100 // self.goal_minor))

    @property
    def bar_percent(self) -> int:
        """How far the thermometer bar is drawn: the true percentage, but never less than a
        visible sliver once something has been raised (0.3 % is not "nothing")."""
        if self.raised_minor <= 0 or self.goal_minor <= 0:
            return 0
        return max(self.percent_of_goal, THERMOMETER_MIN_PERCENT)


def totals_for_campaigns(campaigns: Iterable[Campaign]) -> dict[int, CampaignTotals]:
    """Totals for several campaigns in one query, from the kept totals."""
    campaigns = list(campaigns)
    cached = {
        row.campaign_id: row
        for row in CampaignTotal.objects.filter(campaign__in=[c.pk for c in campaigns])
    }
    totals = {}
    for campaign in campaigns:
        row = cached.get(campaign.pk)
        totals[campaign.pk] = CampaignTotals(
            raised_minor=row.raised_minor if row else 0,
            gift_count=row.gift_count if row else 0,
            donor_count=row.donor_count if row else 0,
            goal_minor=campaign.goal_minor,
            currency=campaign.currency,
        )
    return totals


def campaign_totals(campaign: Campaign) -> CampaignTotals:
    return totals_for_campaigns([campaign])[campaign.pk]


def fund_totals() -> list[FundTotal]:
    """What the whole fund has raised, net of refunds, per currency (SEK first), from
    the cached totals: one small query however many gifts there are."""
    totals = FundTotal.objects.filter(raised_minor__gt=0).order_by("currency")
    return sorted(totals, key=lambda total: total.currency != "SEK")


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
    """Admin users preview every campaign; otherwise the rules decide (the fundraising
    team, and a member organisation's staff for their own campaigns)."""
    return user.is_staff or user.has_perm("campaigns.view_own_campaign", campaign)


def campaign_for_page(slug: str, user: User | AnonymousUser) -> Campaign:
    """The campaign behind a public page; unpublished ones only for those who may preview
    them. A hidden campaign is a 404, not a 403, so its existence does not leak."""
    campaign = (
        _campaigns_for_display()
        .prefetch_related("countries", "programme__countries")
        .filter(slug=slug)
        .first()
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
