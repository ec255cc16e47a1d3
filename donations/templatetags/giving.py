"""Giving widgets placed on campaign and fund pages: ``{% load giving %}``.

``{% give_box campaign %}`` renders the giving form (``campaign`` is None for the
general solidarity fund); ``{% donor_wall campaign %}`` the latest public gifts.
"""

from django import template

from donations import selectors
from donations.forms import GiveForm, initial_from_intent, initial_from_query
from donations.resume import resumable_checkout

register = template.Library()


@register.inclusion_tag("donations/_give_box.html", takes_context=True)
def give_box(context, campaign):
    request = context.get("request")
    return {
        "campaign": campaign,
        "accepts_gifts": campaign is None or campaign.accepts_gifts(),
        "form": GiveForm(campaign=campaign, initial=_initial(request, campaign)),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


def _initial(request, campaign) -> dict:
    """What the form starts with: a checkout this browser left on Stripe's page, else the
    amount and frequency a link carries."""
    if request is None:
        return {}
    intent = resumable_checkout(request, campaign)
    return initial_from_intent(intent) if intent else initial_from_query(request.GET, campaign)


@register.inclusion_tag("donations/_donor_wall.html")
def donor_wall(campaign):
    return {"campaign": campaign, "entries": selectors.donor_wall(campaign)}
