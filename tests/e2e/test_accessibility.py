"""axe-core (vendored, so no network) finds no serious or critical accessibility problem
on the public pages, the login page, the giving form with its errors shown and the
thank-you page, in Swedish and in English."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.campaigns.public_site import build_public_site, public_urls
from tests.factories.donations import CheckoutIntentFactory, GiftFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
RUN_AXE = "async () => (await axe.run(document)).violations"


def login_url(language: str) -> str:
    with translation.override(language):
        return reverse("account_login")


def pages(language: str) -> list[str]:
    return [*public_urls(language).values(), login_url(language)]


def describe(violation: dict) -> str:
    targets = [" ".join(node["target"]) for node in violation["nodes"]]
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_public_and_login_pages_have_no_serious_accessibility_problem(page, live_server, language):
    build_public_site()
    page.add_init_script(path=str(AXE))  # in every page, before its own scripts
    problems = []
    for url in pages(language):
        page.goto(live_server.url + url)
        violations = page.evaluate(RUN_AXE)
        problems += [f"{url}: {describe(v)}" for v in violations if v["impact"] in BLOCKING_IMPACTS]

    assert problems == []


def blocking(page) -> list[str]:
    return [
        f"{page.url}: {describe(v)}"
        for v in page.evaluate(RUN_AXE)
        if v["impact"] in BLOCKING_IMPACTS
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_giving_form_with_errors_and_the_thank_you_page_have_no_serious_problem(
    page, live_server, language
):
    campaign = build_public_site()["campaign"]
    page.add_init_script(path=str(AXE))
    with translation.override(language):
        page.goto(live_server.url + campaign.get_absolute_url())
    page.locator("input[name=other_amount]").fill("1")
    page.locator("input[name=email]").fill("not an email")
    page.locator("button[name=give]").click()
    page.locator("#error-summary").wait_for()
    problems = blocking(page)

    once = CheckoutIntentFactory(campaign=campaign, language=language)
    GiftFactory(campaign=campaign, donor=once.donor, checkout_intent=once)
    waiting = CheckoutIntentFactory(campaign=campaign, language=language)
    for intent in (once, waiting):
        with translation.override(language):
            page.goto(live_server.url + reverse("donations:thanks", args=[intent.pk]))
        problems += blocking(page)

    assert problems == []
