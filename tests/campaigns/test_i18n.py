"""The language switcher and the language of the pages."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.campaigns import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def campaign_page():
    CampaignFactory(slug="fair-wages", title_sv="Rättvisa löner", title_en="Fair wages")


def test_swedish_is_the_default_language(client):
    html = client.get("/kampanjer/fair-wages/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="sv">' in html and "Rättvisa löner" in html


def test_every_page_offers_the_switch_to_the_other_language(client):
    swedish = client.get("/kampanjer/fair-wages/").content.decode()
    english = client.get("/en/campaigns/fair-wages/").content.decode()
    assert 'name="language" value="en"' in swedish and 'value="sv"' not in swedish
    assert 'name="language" value="sv"' in english
    assert 'name="next" type="hidden" value="/kampanjer/fair-wages/"' in swedish


class SwitcherForms(HTMLParser):
    """The forms posting to set_language on a page: their hidden fields and language buttons."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action") == "/i18n/setlang/":
            self.forms.append({"fields": {}, "languages": []})
        elif self.forms and tag == "input" and attrs.get("type") == "hidden":
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value", "")
        elif self.forms and tag == "button" and attrs.get("name") == "language":
            self.forms[-1]["languages"].append(attrs["value"])


def switch_language(client, url, language):
    """Press the page's language button the way a browser would."""
    parser = SwitcherForms()
    parser.feed(client.get(url).content.decode())
    form = next(form for form in parser.forms if language in form["languages"])
    return client.post("/i18n/setlang/", {**form["fields"], "language": language})


def test_switching_to_english_redirects_to_the_english_page(client):
    response = switch_language(client, "/kampanjer/fair-wages/?page=1", "en")
    assert response.status_code == 302
    assert response["Location"] == "/en/campaigns/fair-wages/?page=1"
    assert "Fair wages" in client.get(response["Location"]).content.decode()


def test_switching_to_swedish_redirects_to_the_swedish_page(client):
    response = switch_language(client, "/en/campaigns/fair-wages/", "sv")
    assert response.status_code == 302
    assert response["Location"] == "/kampanjer/fair-wages/"


ENGLISH_AND_SWEDISH_PATHS = [
    ("campaigns:home", {}, "/", "/en/"),
    ("campaigns:campaign-list", {}, "/kampanjer/", "/en/campaigns/"),
    (
        "campaigns:campaign",
        {"slug": "fair-wages"},
        "/kampanjer/fair-wages/",
        "/en/campaigns/fair-wages/",
    ),
    ("campaigns:programme-list", {}, "/program/", "/en/programmes/"),
    ("campaigns:programme", {"slug": "balkans"}, "/program/balkans/", "/en/programmes/balkans/"),
    ("campaigns:fund", {}, "/solidaritetsfonden/", "/en/solidarity-fund/"),
    ("donations:give", {"slug": "x"}, "/kampanjer/x/ge/", "/en/campaigns/x/give/"),
    ("donations:give-fund", {}, "/solidaritetsfonden/ge/", "/en/solidarity-fund/give/"),
    ("donations:update-card", {"token": "t"}, "/manadsgava/kort/t/", "/en/monthly-gift/card/t/"),
    ("accounts:profile", {}, "/konto/", "/en/account/"),
    ("accounts:continue-after-enrolment", {}, "/konto/fortsatt/", "/en/account/continue/"),
    ("account_login", {}, "/konto/login/", "/en/account/login/"),
]


@pytest.mark.parametrize(("name", "kwargs", "swedish", "english"), ENGLISH_AND_SWEDISH_PATHS)
def test_swedish_paths_stay_and_english_pages_have_english_paths(name, kwargs, swedish, english):
    with translation.override("sv"):
        assert reverse(name, kwargs=kwargs) == swedish
    with translation.override("en"):
        assert reverse(name, kwargs=kwargs) == english


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/en/kampanjer/fair-wages/", "/en/campaigns/fair-wages/"),
        ("/en/kampanjer/fair-wages/?utm_source=x", "/en/campaigns/fair-wages/?utm_source=x"),
        ("/en/kampanjer/", "/en/campaigns/"),
        ("/en/solidaritetsfonden/", "/en/solidarity-fund/"),
        ("/en/program/", "/en/programmes/"),
        ("/en/konto/login/", "/en/account/login/"),
    ],
)
def test_old_english_links_under_swedish_paths_redirect_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_an_unknown_english_path_is_still_a_404_without_a_loop(client):
    assert client.get("/en/ingenting/").status_code == 404
    assert client.get("/en/campaigns/no-such-campaign/").status_code == 404
    response = client.get("/en/kampanjer/no-such-campaign/", follow=True)
    assert response.redirect_chain == [("/en/campaigns/no-such-campaign/", 301)]
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("start", "language", "landing"),
    [
        ("/program/", "en", "/en/programmes/"),
        ("/en/programmes/", "sv", "/program/"),
        ("/solidaritetsfonden/", "en", "/en/solidarity-fund/"),
        ("/en/campaigns/", "sv", "/kampanjer/"),
    ],
)
def test_the_language_switcher_goes_to_the_same_page_in_the_other_language(
    client, start, language, landing
):
    response = switch_language(client, start, language)
    assert response.status_code == 302
    assert response["Location"] == landing
    assert client.get(landing).status_code == 200
