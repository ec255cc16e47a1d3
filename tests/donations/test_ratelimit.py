"""The checkout rate limit against card testing: a client cannot escape it by
writing its own X-Forwarded-For header, with or without a proxy in front."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from donations.ratelimit import client_ip

pytestmark = pytest.mark.django_db

CLIENT = "198.51.100.7"
PROXY = "10.0.0.2"
GIFT = {
    "amount": "25000",
    "frequency": "once",
    "name": "Karl Korttestare",
    "email": "karl@example.org",
}


@pytest.fixture(autouse=True)
def _production_limit(settings, rate_limit_clock):
    """Production, where the old code trusted the header, and the default limit, in
    one window of it."""
    settings.PRODUCTION = True
    settings.CHECKOUT_RATE_LIMIT = "10/m"


def start_checkouts(client, headers_for, count=60):
    """POST the giving form ``count`` times; the status codes, in order."""
    url = reverse("donations:give-fund")
    return [client.post(url, GIFT, **headers_for(attempt)).status_code for attempt in range(count)]


def allowed(statuses):
    return sum(status != 429 for status in statuses)


def test_a_varied_forwarded_for_header_is_ignored_without_a_proxy(client):
    statuses = start_checkouts(
        client,
        lambda attempt: {
            "REMOTE_ADDR": CLIENT,
            "HTTP_X_FORWARDED_FOR": f"203.0.113.{attempt}",
        },
    )

    assert statuses[:10] == [303] * 10
    assert allowed(statuses) == 10


def test_behind_one_proxy_the_address_the_proxy_saw_is_counted(client, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    # The client forges the left of the header; the proxy appends what it saw.
    statuses = start_checkouts(
        client,
        lambda attempt: {
            "REMOTE_ADDR": PROXY,
            "HTTP_X_FORWARDED_FOR": f"203.0.113.{attempt}, {CLIENT}",
        },
    )

    assert allowed(statuses) == 10


def test_behind_one_proxy_each_client_has_its_own_limit(client, settings):
    settings.TRUSTED_PROXY_HOPS = 1

    statuses = start_checkouts(
        client,
        lambda attempt: {
            "REMOTE_ADDR": PROXY,
            "HTTP_X_FORWARDED_FOR": f"203.0.113.{attempt % 2}",
        },
        count=30,
    )

    assert allowed(statuses) == 20


def test_a_header_shorter_than_the_proxy_chain_counts_the_connecting_address(client, settings):
    settings.TRUSTED_PROXY_HOPS = 2

    statuses = start_checkouts(
        client,
        lambda attempt: {"REMOTE_ADDR": CLIENT, "HTTP_X_FORWARDED_FOR": f"203.0.113.{attempt}"},
    )

    assert allowed(statuses) == 10


@pytest.mark.parametrize(
    ("hops", "forwarded_for", "expected"),
    [
        (0, "", CLIENT),
        (0, "203.0.113.1", CLIENT),
        (1, "", CLIENT),
        (1, "203.0.113.1", "203.0.113.1"),
        (1, "forged, 203.0.113.1", "203.0.113.1"),
        (1, "forged,203.0.113.1 ", "203.0.113.1"),
        (2, "forged, 203.0.113.1, 10.0.0.9", "203.0.113.1"),
        (2, "203.0.113.1", CLIENT),
        (1, "forged, ", CLIENT),
    ],
)
def test_client_ip_counts_trusted_hops_from_the_right(settings, hops, forwarded_for, expected):
    settings.TRUSTED_PROXY_HOPS = hops
    request = RequestFactory().get("/", REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip(request) == expected


def test_the_next_window_lets_the_client_in_again(client, rate_limit_clock):
    first = start_checkouts(client, lambda attempt: {"REMOTE_ADDR": CLIENT}, count=11)
    rate_limit_clock.now += 60
    second = start_checkouts(client, lambda attempt: {"REMOTE_ADDR": CLIENT}, count=11)

    assert (allowed(first), allowed(second)) == (10, 10)


def test_forms_with_mistakes_do_not_count_against_the_limit(client):
    """A donor correcting the form is never locked out; only complete forms reach Stripe."""
    url = reverse("donations:give-fund")
    for _attempt in range(15):
        assert client.post(url, {**GIFT, "email": "not-an-address"}).status_code == 200
    assert client.post(url, GIFT).status_code == 303
