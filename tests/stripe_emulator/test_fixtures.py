"""The emulator's vendored examples are Stripe's official ones, unchanged."""

import json

import pytest

from tests.donations.stripe_events import SHARED_FIXTURES, VENDORED_FIXTURES


@pytest.mark.skipif(not SHARED_FIXTURES.exists(), reason="../shared is not beside this clone")
def test_vendored_examples_are_an_unchanged_subset_of_stripes():
    shared = json.loads(SHARED_FIXTURES.read_text())["resources"]
    vendored = json.loads(VENDORED_FIXTURES.read_text())["resources"]
    assert {"checkout.session", "event", "invoice", "subscription", "charge"} <= set(vendored)
    changed = [name for name, example in vendored.items() if shared.get(name) != example]
    assert changed == []
