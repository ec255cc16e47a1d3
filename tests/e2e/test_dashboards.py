"""The fundraising team's dashboard in a browser: signed in with two factors, opened from
the Work menu, a chart's numbers shown as a table, a CSV downloaded, and axe-core finds no
serious accessibility problem."""

import re
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.donations.dashboards.conftest import counted_gift
from tests.factories.accounts import PASSWORD, FundraisingStaffFactory
from tests.factories.campaigns import CampaignFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
RUN_AXE = "async () => (await axe.run(document)).violations"


def test_the_fundraising_team_reads_the_dashboard_and_downloads_gifts(page, live_server, settings):
    settings.MFA_TOTP_TOLERANCE = 1
    secret = generate_totp_secret()
    FundraisingStaffFactory(email="insamling@example.org", totp=secret)
    campaign = CampaignFactory(title_sv="Stöd facket i Colombia")
    counted_gift(campaign=campaign, amount_minor=25000, paid_at=timezone.now())
    page.add_init_script(path=str(AXE))

    page.goto(f"{live_server.url}/oversikt/")  # sent to sign in, then back
    page.locator("input[name=login]").fill("insamling@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/konto/2fa/authenticate/.*"))
    page.locator("input[name=code]").fill(
        format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    )
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r".*/oversikt/$"))

    page.goto(f"{live_server.url}/")
    page.locator("#work-menu").click()
    page.get_by_role("link", name="Insamlingsöversikt").click()
    page.wait_for_url(re.compile(r".*/oversikt/$"))
    assert page.get_by_role("img", name=re.compile("Toppkampanjer")).count() == 1
    table = page.locator("#chart-campaign-title ~ details table")
    assert not table.is_visible()
    page.get_by_text("Siffrorna: Toppkampanjer").click()
    assert table.is_visible() and "Stöd facket i Colombia" in table.inner_text()

    serious = [v for v in page.evaluate(RUN_AXE) if v["impact"] in {"serious", "critical"}]
    assert serious == [], [f"{v['id']}: {v['help']}" for v in serious]

    with page.expect_download() as download:
        page.locator("a[href*='/exporter/gifts.csv']").click()
    assert "250.00" in Path(download.value.path()).read_text(encoding="utf-8-sig")


def test_the_comparison_is_readable_on_a_phone(browser, live_server):
    """At 390 px each figure is a block of labelled values, not a table squeezed into
    tall narrow columns that scroll sideways."""
    campaign = CampaignFactory(title_sv="Stöd facket i Colombia")
    counted_gift(campaign=campaign, amount_minor=153455000, paid_at=timezone.now())
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    client = Client()
    client.force_login(FundraisingStaffFactory())
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/oversikt/")

    table = page.locator(".dashboard-comparison")
    assert table.bounding_box()["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".dashboard-comparison thead").bounding_box()["height"] <= 1
    first_value = table.locator("tbody tr").first.locator("td").first
    assert first_value.inner_text().strip() == "1\xa0534\xa0550\xa0kr"
    assert (
        first_value.evaluate("cell => getComputedStyle(cell, '::before').content")
        == '"Den här perioden"'
    )
    assert first_value.bounding_box()["height"] < 40  # one line, not a tall column
    context.close()
