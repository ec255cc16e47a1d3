"""Signed links in donor emails."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from ..models import RecurringPlan

UPDATE_CARD_SALT = "donations.update-card"
UPDATE_CARD_MAX_AGE = 60 * 60 * 24 * 30


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def campaign_image_url(campaign: object | None) -> str:
    """The absolute URL of a campaign's hero image for emails, or ``""`` when it has none.

    Campaigns have no image field yet; once they get a ``hero_image`` (an image field),
    the emails show it without further changes."""
    image = getattr(campaign, "hero_image", None)
    if not image:
        return ""
    url = image.url
    return url if url.startswith(("http://", "https://")) else absolute_url(url)


def update_card_token(plan: RecurringPlan) -> str:
    return signing.dumps(plan.pk, salt=UPDATE_CARD_SALT)


def plan_from_update_card_token(token: str) -> RecurringPlan | None:
    try:
        plan_pk = signing.loads(token, salt=UPDATE_CARD_SALT, max_age=UPDATE_CARD_MAX_AGE)
    except signing.BadSignature:
        return None
    return RecurringPlan.objects.select_related("donor").filter(pk=plan_pk).first()
