"""In a real browser our pages, the giving form's way to Stripe's page and the admin run
under the Content-Security-Policy without a single violation."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.campaigns.public_site import all_public_urls, build_public_site
from tests.factories.accounts import PASSWORD, StaffFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def violations(page) -> list[str]:
    """Every policy violation event and every console error, on any page the test opens.
    Only the missing favicon's 404 is forgiven."""
    found: list[str] = []

    def on_violation(description: str) -> None:
        found.append(description)

    def on_console(message) -> None:
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            found.append(f"{message.location['url']}: {message.text}")

    page.expose_function("reportViolation", on_violation)
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", on_console)
    return found


def visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")


def test_public_and_login_pages_run_without_violations(page, live_server, violations):
    build_public_site()
    urls = all_public_urls()
    urls += [reverse("account_login"), "/en/account/login/"]
    for url in urls:
        visit(page, live_server.url + url)
    page.get_by_role("button", name="Svenska").click()  # the language switcher posts
    page.wait_for_url(re.compile(r".*/konto/login/$"))

    assert violations == []


def test_the_giving_form_reaches_stripes_page_without_violations(
    page, live_server, stripe_emulator, violations
):
    campaign = build_public_site()["campaign"]
    visit(page, live_server.url + campaign.get_absolute_url())

    page.get_by_label("Annat belopp (SEK)").fill("1")
    page.get_by_role("button", name="Gå vidare till betalning").click()
    page.get_by_text("Den minsta gåvan").first.wait_for()  # the form again, with the error
    page.get_by_label("Annat belopp (SEK)").fill("")
    page.locator("label.btn").filter(has_text=f"250{NBSP}kr").click()
    page.get_by_label("Ditt namn").fill("Kim Solidarisk")
    page.get_by_label("Din e-postadress").fill("kim@example.org")
    page.get_by_role("button", name="Gå vidare till betalning").click()
    page.wait_for_url(re.compile(rf"^{re.escape(stripe_emulator.base_url)}/pay/cs_"))

    assert violations == []


def log_in(page, live_server, user) -> None:
    """Hand the browser a session cookie (the login form itself is tested above)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def test_the_admin_runs_without_violations(page, live_server, violations):
    campaign = build_public_site()["campaign"]
    log_in(page, live_server, StaffFactory())
    for name, args in [
        ("admin:index", []),
        ("admin:campaigns_campaign_changelist", []),
        ("admin:campaigns_campaign_change", [campaign.pk]),
        ("admin:accounts_user_changelist", []),
    ]:
        visit(page, live_server.url + reverse(name, args=args))
        assert page.locator("#site-name").is_visible(), page.url

    assert violations == []


def test_the_authenticator_qr_code_is_shown_without_violations(page, live_server, violations):
    """allauth draws the QR code for authenticator apps as a data: image."""
    log_in(page, live_server, UserFactory())
    visit(page, live_server.url + reverse("mfa_activate_totp"))
    page.get_by_label("Lösenord").fill(PASSWORD)  # allauth asks again before set-up
    page.get_by_role("button", name="Verifiera").click()
    qr_code = page.locator("img[src^='data:image/svg+xml']")
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0")

    assert violations == []
