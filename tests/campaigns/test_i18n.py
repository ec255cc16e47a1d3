"""The language switcher and the language of the pages."""

from html.parser import HTMLParser

import pytest

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
    english = client.get("/en/kampanjer/fair-wages/").content.decode()
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
    assert response["Location"] == "/en/kampanjer/fair-wages/?page=1"
    assert "Fair wages" in client.get(response["Location"]).content.decode()


def test_switching_to_swedish_redirects_to_the_swedish_page(client):
    response = switch_language(client, "/en/kampanjer/fair-wages/", "sv")
    assert response.status_code == 302
    assert response["Location"] == "/kampanjer/fair-wages/"
