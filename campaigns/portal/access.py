"""Who may open a portal page: anonymous visitors are sent to sign in, a role the page
is not for gets 403, and another organisation's campaign or organisation is a 404 (its
existence never shows). The decisions are the rules in ``campaigns/rules.py``."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ..models import Campaign, MemberOrganisation

PORTAL = "campaigns.use_portal"
REVIEW = "campaigns.review_campaigns"


def _opens_portal(request: HttpRequest) -> bool:
    return request.user.has_perm(PORTAL) or request.user.has_perm(REVIEW)


def campaign_for(request: HttpRequest, slug: str, perm: str) -> Campaign:
    """The campaign behind a portal page, if ``perm`` allows it on that campaign."""
    if not _opens_portal(request):
        raise PermissionDenied
    campaign = (
        Campaign.objects.select_related("organisation", "programme").filter(slug=slug).first()
    )
    if campaign is None or not request.user.has_perm("campaigns.view_own_campaign", campaign):
        raise Http404("No such campaign.")
    if not request.user.has_perm(perm, campaign):
        raise PermissionDenied
    return campaign


def organisation_for(request: HttpRequest, slug: str, perm: str) -> MemberOrganisation:
    """The user's own organisation named by ``slug``, if ``perm`` allows it there."""
    if not request.user.has_perm(PORTAL):
        raise PermissionDenied
    organisation = MemberOrganisation.objects.filter(slug=slug).first()
    if organisation is None or not request.user.has_perm(
        "campaigns.change_own_campaign", organisation
    ):
        raise Http404("No such organisation.")
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation
