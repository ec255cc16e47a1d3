"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live
server, with the Stripe emulator delivering signed webhooks to it.

Without Chromium they skip locally; with CI=true they fail instead."""

import os
import shutil

import pytest
from django.conf import settings
from django.test import override_settings

from stripe_emulator.server import EmulatorServer

# Playwright's sync API keeps an event loop running in the test thread; Django then
# refuses database calls from that thread unless told the code is really synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _browser_missing_reason() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _pages_not_cached():
    """Browser tests look at a page right after the ledger changed; the page cache's few
    seconds of lag are tested in tests/fundraising/test_page_cache.py."""
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def stripe_emulator(live_server):
    """An emulator whose webhooks go to the live server, and the site pointed at it."""
    server = EmulatorServer(
        host="127.0.0.1",
        port=0,
        webhook_urls=[f"{live_server.url}/stripe/webhook/"],
        webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
        retry_base_seconds=0.2,
    )
    server.start()
    with override_settings(STRIPE_API_BASE=server.base_url, SITE_URL=live_server.url):
        yield server
    server.stop()
