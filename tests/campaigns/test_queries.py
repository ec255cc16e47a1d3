"""A page costs the same number of queries whatever the amount of data behind it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.campaigns import (
    CampaignFactory,
    CountryFactory,
    ProgrammeFactory,
    RegionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def the_one():
    """The first campaign; the pages are measured with it alone, then with 49 more."""
    programme = ProgrammeFactory(slug="the-programme", themes=ThemeFactory.create_batch(2))
    return CampaignFactory(slug="the-one", programme=programme, is_featured=True)


def add_campaigns(the_one, count):
    """Half in the first campaign's programme, half in new regions and programmes,
    each with more countries and themes; all featured."""
    programme = the_one.programme
    programme.countries.add(*CountryFactory.create_batch(3, region=programme.region))
    CampaignFactory.create_batch(count // 2, programme=programme, is_featured=True)
    for _ in range(count - count // 2):
        region = RegionFactory()
        other = ProgrammeFactory(
            region=region,
            countries=CountryFactory.create_batch(2, region=region),
            themes=list(programme.themes.all()),
        )
        CampaignFactory(programme=other, is_featured=True)


def queries_for(client, url):
    """Queries to render the page (a page-cache miss; a hit costs none)."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


URLS = [
    "/",
    "/kampanjer/the-one/",
    "/en/campaigns/",
    "/kampanjer/?region={region}&theme={theme}",
    "/program/",
    "/program/the-programme/",
    "/en/solidarity-fund/",
]


@pytest.mark.parametrize("url", URLS)
def test_query_count_is_the_same_with_1_and_50_campaigns(client, the_one, url):
    url = url.format(
        region=the_one.programme.region.slug, theme=the_one.programme.themes.first().slug
    )
    with_one = queries_for(client, url)

    add_campaigns(the_one, 49)
    with_fifty = queries_for(client, url)

    assert with_one == with_fifty


def test_query_count_is_the_same_for_staff_previewing_a_draft(staff_client, the_one):
    the_one.status = "draft"
    the_one.save(update_fields=["status"])
    with_one = queries_for(staff_client, "/kampanjer/the-one/")

    add_campaigns(the_one, 49)
    assert queries_for(staff_client, "/kampanjer/the-one/") == with_one


def test_campaign_page_costs_a_handful_of_queries(client, the_one):
    assert queries_for(client, "/kampanjer/the-one/") <= 5
