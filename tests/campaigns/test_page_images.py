"""Hero images on the public pages: responsive, described, sized, lazy below the fold,
served as images only, and shown within the page cache's few seconds."""

import re
import time
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.images import store_hero_image
from tests.campaigns.public_site import public_urls
from tests.factories.campaigns import CampaignFactory

from .image_files import image_upload

pytestmark = pytest.mark.django_db

CAMPAIGN_ALT = {"alt_sv": "Sömmerskor vid sina maskiner", "alt_en": "Seamstresses at work"}
PROGRAMME_ALT = {"alt_sv": "Berg och en stad i dalen", "alt_en": "Mountains and a town"}


class _Pictures(HTMLParser):
    """Every <img> of a page, with the <source> of the <picture> around it."""

    def __init__(self, html):
        super().__init__()
        self.images, self._source = [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "source":
            self._source = dict(attrs)
        elif tag == "img":
            self.images.append({**dict(attrs), "source": self._source})
            self._source = None


def images_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return _Pictures(response.content.decode()).images


@pytest.fixture
def with_images(site):
    store_hero_image(site["campaign"], image_upload("JPEG", (2400, 1350)), **CAMPAIGN_ALT)
    store_hero_image(site["programme"], image_upload("PNG", (1200, 900)), **PROGRAMME_ALT)
    return site


@pytest.mark.parametrize(("language", "alt"), [("sv", "alt_sv"), ("en", "alt_en")])
def test_the_campaign_page_leads_with_its_image(client, with_images, language, alt):
    [hero] = images_on(client, public_urls(language)["campaign"])
    image = with_images["campaign"].hero_image
    assert hero["alt"] == CAMPAIGN_ALT[alt]
    assert (hero["width"], hero["height"]) == ("1600", "900")
    assert hero["fetchpriority"] == "high" and "loading" not in hero
    assert hero["src"] == f"/media/{image.name}-960.jpg"
    assert hero["srcset"] == ", ".join(
        f"/media/{image.name}-{width}.jpg {width}w" for width in (480, 960, 1600)
    )
    assert hero["source"]["type"] == "image/webp"
    assert hero["source"]["srcset"] == hero["srcset"].replace(".jpg", ".webp")
    assert hero["sizes"] == hero["source"]["sizes"]
    assert hero["sizes"].endswith("calc(100vw - 24px)")


def test_the_programme_page_leads_with_its_image(client, with_images):
    [hero, *cards] = images_on(client, public_urls("en")["programme"])
    assert hero["alt"] == PROGRAMME_ALT["alt_en"]
    assert (hero["width"], hero["height"]) == ("1200", "675")
    assert hero["fetchpriority"] == "high"
    # Its campaigns' cards are further down: lazy.
    assert [card["alt"] for card in cards] == [CAMPAIGN_ALT["alt_en"]]
    assert cards[0]["loading"] == "lazy" and "fetchpriority" not in cards[0]


def test_the_home_page_cards_show_the_image_lazily(client, with_images):
    [card] = images_on(client, public_urls("sv")["home"])
    assert card["alt"] == CAMPAIGN_ALT["alt_sv"]
    assert card["loading"] == "lazy" and "card-img-top" in card["class"]
    assert "416px" in card["sizes"]


def test_the_campaign_list_loads_the_first_row_at_once_and_the_rest_lazily(client, with_images):
    programme = with_images["programme"]
    for number in range(4):
        campaign = CampaignFactory(programme=programme, title_sv=f"Kampanj {number}")
        store_hero_image(
            campaign, image_upload(colour="navy"), alt_sv=f"Bild {number}", alt_en="A picture"
        )
    cards = images_on(client, public_urls("sv")["campaign-list"])
    assert len(cards) == 5
    assert [("loading" in card) for card in cards] == [False, False, False, True, True]
    assert not any("fetchpriority" in card for card in cards)


def test_the_programme_list_shows_the_programme_image(client, with_images):
    [card] = images_on(client, public_urls("en")["programme-list"])
    assert card["alt"] == PROGRAMME_ALT["alt_en"]
    assert (card["width"], card["height"]) == ("1200", "675")


@pytest.mark.parametrize(
    "page", ["home", "campaign-list", "campaign", "programme-list", "programme"]
)
def test_pages_without_images_have_no_empty_picture(client, site, page):
    html = client.get(public_urls("sv")[page]).content.decode()
    assert "<picture" not in html and "<img" not in html


def test_images_cost_no_queries(client, site):
    def queries(url):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    urls = [public_urls("sv")[page] for page in ("home", "campaign-list", "campaign", "programme")]
    before = [queries(url) for url in urls]
    store_hero_image(site["campaign"], image_upload(), **CAMPAIGN_ALT)
    store_hero_image(site["programme"], image_upload(), **PROGRAMME_ALT)
    assert [queries(url) for url in urls] == before


def test_a_new_image_shows_once_the_cached_page_expires(client, site, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 5
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    url = public_urls("sv")["campaign"]
    store_hero_image(site["campaign"], image_upload(colour="red"), **CAMPAIGN_ALT)
    [first] = images_on(client, url)

    store_hero_image(site["campaign"], image_upload(colour="blue"), **CAMPAIGN_ALT)
    now[0] += settings.PAGE_CACHE_SECONDS - 1
    assert images_on(client, url) == [first], "served from the page cache meanwhile"
    now[0] += 2
    [second] = images_on(client, url)
    assert second["src"] != first["src"]
    assert second["src"] == site["campaign"].hero_image.fallback_url


def test_media_are_served_as_images_only(client, site):
    hero = store_hero_image(site["campaign"], image_upload(), **CAMPAIGN_ALT)
    response = client.get(hero.url(480, "webp"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "immutable" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    assert client.get(hero.url(480, "jpg"))["Content-Type"] == "image/jpeg"


def test_other_files_in_media_are_not_served(client, settings):
    media = settings.MEDIA_ROOT
    media.mkdir(parents=True, exist_ok=True)
    (media / "page.html").write_text("<script>alert(1)</script>")
    (media / "fake.jpg.html").write_text("<script>alert(1)</script>")
    for name in ("page.html", "fake.jpg.html", "missing.jpg", "../settings.py"):
        assert client.get(f"/media/{name}").status_code == 404


def test_the_page_allows_images_from_its_own_origin(client, with_images):
    policy = client.get(public_urls("sv")["campaign"])["Content-Security-Policy"]
    assert re.search(r"img-src 'self'", policy)
