"""Donation tests talk to one in-process Stripe emulator, never the internet."""

import pytest
from django.test import override_settings

from donations import ratelimit
from stripe_emulator.server import EmulatorServer
from tests.donations.stripe_events import post_event


@pytest.fixture(scope="session")
def stripe_emulator_server():
    """The Stripe emulator, started once for the session on a free port."""
    server = EmulatorServer(host="127.0.0.1", port=0, retry_base_seconds=0.05)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session", autouse=True)
def _stripe_points_at_emulator(stripe_emulator_server):
    with override_settings(STRIPE_API_BASE=stripe_emulator_server.base_url):
        yield


@pytest.fixture
def deliver(client, django_capture_on_commit_callbacks):
    """Post a signed event to the webhook and run everything it queues on commit."""

    def _deliver(evt, **signature_options):
        with django_capture_on_commit_callbacks(execute=True):
            return post_event(client, evt, **signature_options)

    return _deliver


class StoppedClock:
    """Stands in for the ``time`` module in donations.ratelimit: the time stays where
    a test puts it."""

    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def rate_limit_clock(monkeypatch):
    """The checkout rate limit counts in fixed windows of wall-clock time, so a test
    running across a minute's edge would see its count start again. This clock stands
    half a minute into a window until the test moves it on."""
    clock = StoppedClock(now=1_800_000_030.0)
    monkeypatch.setattr(ratelimit, "time", clock)
    return clock
