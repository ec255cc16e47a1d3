"""Signed links in donor emails."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from campaigns.models import Campaign

from ..models import RecurringPlan

UPDATE_CARD_SALT = "donations.update-card"
UPDATE_CARD_MAX_AGE = 60 * 60 * 24 * 30


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def campaign_image(campaign: Campaign | None) -> dict[str, str]:
    """What an email needs to show a campaign's hero image: the absolute address of its
    JPEG (every email client reads JPEG, not all WebP) at the email's width, and its alt
    text in the active language; both empty when there is no image."""
    image = campaign.hero_image if campaign is not None else None
    if image is None:
        return {"hero_image_url": "", "hero_image_alt": ""}
    url = image.url(image.email_width)
    return {
        "hero_image_url": url if url.startswith(("http://", "https://")) else absolute_url(url),
        "hero_image_alt": image.alt,
    }


def update_card_token(plan: RecurringPlan) -> str:
    return signing.dumps(plan.pk, salt=UPDATE_CARD_SALT)


def plan_from_update_card_token(token: str) -> RecurringPlan | None:
    try:
        plan_pk = signing.loads(token, salt=UPDATE_CARD_SALT, max_age=UPDATE_CARD_MAX_AGE)
    except signing.BadSignature:
        return None
    return RecurringPlan.objects.select_related("donor").filter(pk=plan_pk).first()
