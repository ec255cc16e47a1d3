"""The migration that adds the monthly aggregates fills them from the daily rows, so a
deployed fund's dashboards read the same figures before and after it."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migration_steps import migration_and_parent

pytestmark = pytest.mark.django_db(transaction=True)

SUFFIX = "monthly_aggregates_and_failed_renewals"


def test_the_months_are_the_sums_of_their_days():
    executor = MigrationExecutor(connection)
    target, before = migration_and_parent(executor, "donations", SUFFIX)
    executor.migrate([before])
    old_apps = executor.loader.project_state([before]).apps
    days = old_apps.get_model("donations", "DailyGiftTotal")
    amounts = old_apps.get_model("donations", "DailyAmountCount")
    for day, gross, refunded in (
        (date(2026, 3, 2), 30000, 10000),
        (date(2026, 3, 30), 20000, 0),
        (date(2026, 4, 1), 5000, 0),
    ):
        days.objects.create(
            day=day,
            currency="SEK",
            kind="once",
            gross_minor=gross,
            refunded_minor=refunded,
            gift_count=2,
        )
        amounts.objects.create(day=day, currency="SEK", amount_minor=gross // 2, gift_count=2)

    executor = MigrationExecutor(connection)
    executor.migrate([target])
    new_apps = executor.loader.project_state([target]).apps
    months = new_apps.get_model("donations", "MonthlyGiftTotal").objects.order_by("month")
    counts = new_apps.get_model("donations", "MonthlyAmountCount").objects.order_by(
        "month", "amount_minor"
    )

    assert list(
        months.values_list("month", "kind", "gross_minor", "refunded_minor", "gift_count")
    ) == [
        (date(2026, 3, 1), "once", 50000, 10000, 4),
        (date(2026, 4, 1), "once", 5000, 0, 2),
    ]
    assert list(counts.values_list("month", "amount_minor", "gift_count")) == [
        (date(2026, 3, 1), 10000, 2),
        (date(2026, 3, 1), 15000, 2),
        (date(2026, 4, 1), 2500, 2),
    ]
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
