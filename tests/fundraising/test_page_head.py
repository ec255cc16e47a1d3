"""What every page's head tells browsers and search engines: icons, description,
canonical address and the page in the other language."""

import pytest

from tests.factories.campaigns import CampaignFactory

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_served_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_pages_link_their_icons_and_each_icon_exists(client):
    html = client.get("/").content.decode()
    for icon in [
        "/static/img/favicon.svg",
        "/static/img/favicon-32.png",
        "/static/img/apple-touch-icon.png",
    ]:
        assert f'href="{icon}"' in html
        assert client.get(icon).status_code == 200


@pytest.mark.parametrize(
    ("path", "canonical", "swedish", "english"),
    [
        (
            "/kampanjer/fair-wages/?utm_source=x",
            "/kampanjer/fair-wages/",
            "/kampanjer/fair-wages/",
            "/en/campaigns/fair-wages/",
        ),
        (
            "/en/campaigns/fair-wages/",
            "/en/campaigns/fair-wages/",
            "/kampanjer/fair-wages/",
            "/en/campaigns/fair-wages/",
        ),
        ("/", "/", "/", "/en/"),
    ],
)
def test_pages_name_their_canonical_address_and_their_other_language(
    client, path, canonical, swedish, english
):
    CampaignFactory(slug="fair-wages")
    html = client.get(path).content.decode()
    assert f'<link rel="canonical" href="http://testserver{canonical}">' in html
    assert f'<link rel="alternate" hreflang="sv" href="http://testserver{swedish}">' in html
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{english}">' in html
    assert '<meta name="description" content="' in html
