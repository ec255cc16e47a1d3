"""Every response carries a Content-Security-Policy that allows no inline script or style,
no plugin, no framing and no foreign form target except Stripe's payment page."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.campaigns.public_site import all_public_urls, build_public_site
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db


def policy_of(response) -> dict[str, list[str]]:
    """The header as ``{directive: [sources]}``."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def assert_strict(policy: dict[str, list[str]]) -> None:
    assert policy["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"], directive
    assert not any("'unsafe-" in source for sources in policy.values() for source in sources)
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"][0] == "'self'"


@pytest.fixture
def site(db):
    return build_public_site()


def pages_of_every_kind(client, site):
    campaign = site["campaign"]
    yield from (client.get(url) for url in all_public_urls())
    yield client.post(reverse("donations:give", kwargs={"slug": campaign.slug}), {})
    yield client.get("/kampanjer/no-such-campaign/")
    yield client.get(reverse("account_login"))
    yield client.get("/en/account/login/")
    yield client.get(reverse("admin:login"))
    yield client.get("/static/css/site.css")
    yield client.post("/stripe/webhook/", b"{}", content_type="application/json")


def test_every_kind_of_response_carries_the_strict_policy(client, site):
    for response in pages_of_every_kind(client, site):
        assert response.status_code < 500
        assert_strict(policy_of(response))


def test_public_pages_need_no_inline_script_style_or_event_handler(client, site):
    for url in all_public_urls():
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), url
        assert not re.search(r"<style[\s>]|\sstyle=|\son[a-z]+=", html), url


def test_the_admin_is_under_the_same_policy(client):
    client.force_login(StaffFactory())
    for url in (reverse("admin:index"), reverse("admin:campaigns_campaign_changelist")):
        response = client.get(url)
        assert response.status_code == 200
        assert_strict(policy_of(response))


def test_the_giving_form_may_be_redirected_to_the_emulators_payment_page(client):
    with override_settings(STRIPE_USES_EMULATOR=True, STRIPE_API_BASE="http://127.0.0.1:4242/"):
        policy = policy_of(client.get(reverse("campaigns:fund")))
    assert policy["form-action"] == ["'self'", "http://127.0.0.1:4242"]


def test_with_real_stripe_the_form_may_go_to_the_configured_checkout_origins(client):
    with override_settings(
        STRIPE_USES_EMULATOR=False,
        STRIPE_API_BASE="",
        STRIPE_CHECKOUT_ORIGINS=["https://checkout.stripe.com"],
    ):
        policy = policy_of(client.get(reverse("campaigns:fund")))
    assert policy["form-action"] == ["'self'", "https://checkout.stripe.com"]
