"""The page cache: anonymous visitors share a few-seconds-old rendering of each public
page, each with their own CSRF token; everyone else gets a fresh one."""

import re
import time

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.cache import patch_cache_control

from campaigns.models import CampaignTotal
from fundraising.page_cache import cached_page
from tests.campaigns.public_site import all_public_urls, build_public_site
from tests.factories.accounts import StaffFactory
from tests.factories.campaigns import CampaignFactory, ThemeFactory
from tests.factories.donations import GiftFactory

pytestmark = pytest.mark.django_db

CAMPAIGN = "/kampanjer/fair-wages/"
ENGLISH_CAMPAIGN = "/en/campaigns/fair-wages/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def site(db):
    return build_public_site()


def tokens(response) -> set[str]:
    return set(TOKEN.findall(response.content.decode()))


def without_tokens(response) -> str:
    return TOKEN.sub("", response.content.decode())


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", all_public_urls())
def test_a_hit_is_the_same_page_with_the_visitors_own_csrf_token(site, url):
    first, second = Client(), Client()
    rendered, cached = first.get(url), second.get(url)

    assert without_tokens(cached) == without_tokens(rendered)
    assert len(tokens(cached)) == 1, "one token of the visitor's own in every form"
    assert tokens(cached) != tokens(rendered)
    assert cached.cookies["csrftoken"].value != rendered.cookies["csrftoken"].value


@pytest.mark.parametrize("url", all_public_urls())
def test_a_hit_costs_no_query(client, site, url):
    queries_for(client, url)
    assert queries_for(Client(), url) == 0


def test_the_form_on_a_cached_page_passes_the_csrf_check(site):
    Client().get(CAMPAIGN)  # rendered and stored
    visitor = Client(enforce_csrf_checks=True)
    (token,) = tokens(visitor.get(CAMPAIGN))

    accepted = visitor.post("/kampanjer/fair-wages/ge/", {"csrfmiddlewaretoken": token})
    refused = Client(enforce_csrf_checks=True).post(
        "/kampanjer/fair-wages/ge/", {"csrfmiddlewaretoken": token}
    )

    assert accepted.status_code != 403, "an incomplete form, but no CSRF failure"
    assert refused.status_code == 403, "the token is worthless without its cookie"


def test_a_visitor_with_a_csrf_cookie_keeps_it(site):
    visitor = Client(enforce_csrf_checks=True)
    Client().get(CAMPAIGN)
    cookie = visitor.get(CAMPAIGN).cookies["csrftoken"].value
    (token,) = tokens(visitor.get(CAMPAIGN))

    assert visitor.cookies["csrftoken"].value == cookie
    assert (
        visitor.post("/kampanjer/fair-wages/ge/", {"csrfmiddlewaretoken": token}).status_code != 403
    )


def test_pages_are_kept_per_language(site):
    swedish = Client().get(CAMPAIGN).content.decode()
    english = Client().get(ENGLISH_CAMPAIGN).content.decode()

    assert "Rättvisa löner" in swedish and "Fair wages" not in swedish
    assert "Fair wages" in english


def test_a_query_string_is_part_of_the_key(site):
    ThemeFactory(slug="housing")
    Client().get("/kampanjer/")
    filtered = Client().get("/kampanjer/?theme=housing")
    assert "Rättvisa löner" not in filtered.content.decode()


@pytest.mark.parametrize(
    "tracking",
    [
        "fbclid=IwAR0abc",
        "utm_source=facebook&utm_medium=social",
        "gclid=Cj0K&msclkid=9f",
        "mc_cid=1&mc_eid=2",
    ],
)
def test_tracking_parameters_are_not_part_of_the_key(client, site, tracking):
    Client().get(CAMPAIGN + "?fbclid=first-visitor")  # rendered and stored

    assert queries_for(client, f"{CAMPAIGN}?{tracking}") == 0
    assert queries_for(Client(), CAMPAIGN) == 0


def test_a_cached_page_never_echoes_a_tracking_parameter(site):
    Client().get(CAMPAIGN + "?fbclid=first-visitor&utm_campaign=spring")
    page = Client().get(CAMPAIGN + "?fbclid=second-visitor").content.decode()

    assert "first-visitor" not in page and "spring" not in page
    assert 'name="next" type="hidden" value="/kampanjer/fair-wages/"' in page


def test_other_parameters_still_vary_beside_tracking_ones(site):
    ThemeFactory(slug="housing")
    Client().get("/kampanjer/?fbclid=abc")
    filtered = Client().get("/kampanjer/?theme=housing&fbclid=abc")
    assert "Rättvisa löner" not in filtered.content.decode()
    assert 'value="/kampanjer/?theme=housing"' in filtered.content.decode()


def test_a_new_gift_shows_once_the_few_seconds_have_passed(site, settings):
    settings.PAGE_CACHE_SECONDS = 1
    campaign = site["campaign"]
    Client().get(CAMPAIGN)
    GiftFactory(campaign=campaign, donor_name="Märta Solidarisk", show_on_wall=True)
    CampaignTotal.objects.create(campaign=campaign, raised_minor=25_000, gift_count=1)

    assert "Märta Solidarisk" not in Client().get(CAMPAIGN).content.decode()
    time.sleep(1.1)
    fresh = Client().get(CAMPAIGN).content.decode()

    assert "Märta Solidarisk" in fresh
    assert "250" in fresh


def test_a_draft_previewed_by_staff_is_never_kept_or_shown_to_the_public(client):
    CampaignFactory(slug="secret-draft", status="draft", title_sv="Hemligt utkast")
    client.force_login(StaffFactory())

    preview = client.get("/kampanjer/secret-draft/")
    assert "Hemligt utkast" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]

    assert Client().get("/kampanjer/secret-draft/").status_code == 404


@pytest.mark.parametrize(
    ("cache_control", "renderings"),
    [({}, 1), ({"max_age": 60}, 1), ({"private": True}, 2), ({"no_store": True}, 2)],
)
def test_a_page_marked_private_is_never_stored(rf, cache_control, renderings):
    calls = []

    @cached_page
    def view(request):
        calls.append(request)
        response = HttpResponse("<p>page</p>")
        patch_cache_control(response, **cache_control)
        return response

    view(rf.get("/page/"))
    view(rf.get("/page/"))
    assert len(calls) == renderings


def test_signed_in_visitors_get_a_fresh_page(client, site):
    Client().get(CAMPAIGN)
    client.force_login(StaffFactory())
    assert "Administration" in client.get(ENGLISH_CAMPAIGN).content.decode()
    assert "Administration" not in Client().get(ENGLISH_CAMPAIGN).content.decode()


def test_a_visitor_with_a_flash_message_sees_it_and_it_is_not_kept(rf, site):
    Client().get(CAMPAIGN)
    visitor = Client()
    visitor.cookies["messages"] = message_cookie(rf, "Betalningen avbröts.")

    assert "Betalningen avbröts." in visitor.get(CAMPAIGN).content.decode()
    assert "Betalningen avbröts." not in Client().get(CAMPAIGN).content.decode()


def message_cookie(rf, text: str) -> str:
    """The value of the cookie Django's message storage sets for one info message."""
    storage = CookieStorage(rf.get("/"))
    storage.add(message_levels.INFO, text)
    response = HttpResponse()
    storage.update(response)
    return response.cookies["messages"].value


def test_a_visitor_with_session_data_gets_a_fresh_page(site):
    Client().get(CAMPAIGN)
    visitor = Client()
    session = visitor.session
    session["give_prefill"] = {"name": "Greta"}
    session.save()
    visitor.cookies["sessionid"] = session.session_key

    with CaptureQueriesContext(connection) as context:
        visitor.get(CAMPAIGN)
    assert len(context.captured_queries) > 1, "rendered, not served from the cache"


def test_a_404_is_not_kept(client, db):
    assert client.get("/kampanjer/not-yet/").status_code == 404
    CampaignFactory(slug="not-yet")
    assert client.get("/kampanjer/not-yet/").status_code == 200


def test_no_cache_when_switched_off(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 0
    queries_for(client, CAMPAIGN)
    assert queries_for(Client(), CAMPAIGN) > 0
