"""Public pages: home, campaigns, programmes and the solidarity fund."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from fundraising.page_cache import cached_page

from . import selectors
from .forms import CampaignFilterForm

CAMPAIGNS_PER_PAGE = 12


@cached_page
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "campaigns/home.html",
        {
            "featured": selectors.featured_campaigns(),
            "regions": selectors.regions_with_countries(),
        },
    )


@cached_page
def campaign_list(request: HttpRequest) -> HttpResponse:
    form = CampaignFilterForm(request.GET)
    page = Paginator(selectors.public_campaigns(**form.filters()), CAMPAIGNS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "form": form,
            "page": page,
            "cards": selectors.with_totals(page),
            "filter_query": _query_without_page(request),
        },
    )


def _query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for links to the other pages of results."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@cached_page
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_for_page(slug, request.user)
    preview = not campaign.is_public
    response = render(
        request,
        "campaigns/campaign_detail.html",
        {"card": selectors.with_totals([campaign])[0], "preview": preview},
    )
    if preview:
        # Only its team may see a preview: never kept by the page cache or any other.
        patch_cache_control(response, private=True, no_store=True)
    return response


@cached_page
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "campaigns/programme_list.html", {"groups": selectors.programmes_by_region()}
    )


@cached_page
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_for_page(slug)
    return render(
        request,
        "campaigns/programme_detail.html",
        {"programme": programme, "cards": selectors.programme_campaigns(programme)},
    )


@cached_page
def fund(request: HttpRequest) -> HttpResponse:
    return render(request, "campaigns/fund.html", {"totals": selectors.fund_totals()})
