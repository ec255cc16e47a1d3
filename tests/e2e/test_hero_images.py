"""In a real browser, hero images load from the site itself (the CSP allows them), as
WebP at a width that fits, in the space reserved for them, and the pages showing them
have no serious accessibility problem."""

import pytest

from campaigns.images import store_hero_image
from tests.campaigns.image_files import image_upload
from tests.campaigns.public_site import build_public_site, public_urls

from .test_accessibility import AXE, blocking

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HERO = "main picture img"
HERO_STATE = """img => ({
    loaded: img.complete && img.naturalWidth > 0,
    source: img.currentSrc,
    ratio: img.getBoundingClientRect().width / img.getBoundingClientRect().height,
})"""


@pytest.fixture
def site_with_images(db):
    site = build_public_site()
    store_hero_image(
        site["campaign"],
        image_upload("JPEG", (2400, 1600), colour="#8a0f15"),
        alt_sv="Textilarbetare på ett fackmöte",
        alt_en="Textile workers at a union meeting",
    )
    store_hero_image(
        site["programme"],
        image_upload("PNG", (1600, 900), colour="#204060"),
        alt_sv="Berg i Albanien",
        alt_en="Mountains in Albania",
    )
    return site


@pytest.mark.parametrize("language", ["sv", "en"])
def test_pages_with_images_have_no_serious_accessibility_problem(
    page, live_server, site_with_images, language
):
    page.add_init_script(path=str(AXE))
    problems = []
    for name in ("campaign", "programme", "home", "campaign-list", "programme-list"):
        page.goto(live_server.url + public_urls(language)[name])
        assert page.locator("picture img").count() >= 1, name
        problems += blocking(page)
    assert problems == []


@pytest.mark.parametrize(("scale", "width"), [(1, 480), (2, 960)])
def test_the_hero_loads_as_webp_in_its_reserved_space(
    browser, live_server, site_with_images, scale, width
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=scale)
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security" in message.text else None
        ),
    )
    page.goto(live_server.url + public_urls("en")["campaign"])
    hero = page.locator(HERO).first
    assert hero.get_attribute("alt") == "Textile workers at a union meeting"
    page.wait_for_function("img => img.complete", arg=hero.element_handle())
    state = hero.evaluate(HERO_STATE)
    assert state["loaded"], state
    assert state["source"].endswith(f"-{width}.webp"), "a 366 px wide image at this density"
    assert abs(state["ratio"] - 16 / 9) < 0.02
    assert refused == []
    context.close()
