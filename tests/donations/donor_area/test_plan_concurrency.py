"""Two requests on one plan at the same moment (a double click, two tabs): one change
reaches Stripe, the other is refused. PostgreSQL only, like the webhook concurrency tests."""

import pytest
from django.db import connection

from donations.donor_area import plans
from donations.models import PlanChange
from tests.donations.webhooks.test_concurrency import run_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL (SQLite lets one writer at a time "
        "into the whole database); CI runs these in its PostgreSQL pass",
    ),
]


def test_a_double_click_sends_one_change(live_plan, emulator_events):
    outcomes = []

    def change(amount_minor):
        def call():
            try:
                plans.change_amount(live_plan, amount_minor, by=None)
                outcomes.append("sent")
            except plans.PlanChangeRefused:
                outcomes.append("refused")

        return call

    run_at_once(change(15000), change(20000))

    assert sorted(outcomes) == ["refused", "sent"]
    assert PlanChange.objects.count() == 1
    assert len(emulator_events.take("customer.subscription.updated")) == 1
