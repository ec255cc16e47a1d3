"""Giving widgets placed on campaign and fund pages: ``{% load giving %}``.

``{% give_box campaign %}`` renders the giving form (``campaign`` is None for the
general solidarity fund); ``{% donor_wall campaign %}`` the latest public gifts.
"""

from django import template

from donations import selectors
from donations.forms import GiveForm, initial_from_query

register = template.Library()


@register.inclusion_tag("donations/_give_box.html", takes_context=True)
def give_box(context, campaign):
    request = context.get("request")
    query = request.GET if request is not None else {}
    return {
        "campaign": campaign,
        "accepts_gifts": campaign is None or campaign.accepts_gifts(),
        "form": GiveForm(campaign=campaign, initial=initial_from_query(query, campaign)),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("donations/_donor_wall.html")
def donor_wall(campaign):
    return {"campaign": campaign, "entries": selectors.donor_wall(campaign)}
