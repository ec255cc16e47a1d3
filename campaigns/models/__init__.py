"""Regions, countries, themes, programmes, member organisations and campaigns (one
module per concept).

Texts shown to the public are stored in Swedish and English (``*_sv`` /
``*_en``); the ``name``/``title``/... properties pick the active language.
"""

from .campaigns import (
    ALLOWED_STATUS_TRANSITIONS,
    CURRENCY_CHOICES,
    IMPACT_MAX_LENGTH,
    MAX_SUGGESTED_AMOUNTS,
    Campaign,
    CampaignQuerySet,
    CampaignStatus,
    CampaignStatusChange,
    CampaignTotal,
    FundTotal,
    HistoryEvent,
    SuggestedAmount,
    validate_suggested_amounts,
)
from .geography import Country, Programme, Region, Theme
from .organisations import MemberOrganisation, OrganisationMembership

__all__ = [
    "ALLOWED_STATUS_TRANSITIONS",
    "CURRENCY_CHOICES",
    "IMPACT_MAX_LENGTH",
    "MAX_SUGGESTED_AMOUNTS",
    "Campaign",
    "CampaignQuerySet",
    "CampaignRevision",
    "CampaignStatus",
    "CampaignStatusChange",
    "CampaignTotal",
    "Country",
    "FundTotal",
    "HistoryEvent",
    "Invitation",
    "MemberOrganisation",
    "OrganisationMembership",
    "Programme",
    "Region",
    "SuggestedAmount",
    "Theme",
    "validate_suggested_amounts",
]

# The portal's models (proposed changes, invitations) live in their own module; imported
# last, as they refer to the models above.
from ..portal.models import CampaignRevision, Invitation
