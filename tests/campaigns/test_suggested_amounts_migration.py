"""The data migration that gave suggested amounts their impact lines keeps every amount."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migration_steps import migration_and_parent

pytestmark = pytest.mark.django_db(transaction=True)

SUFFIX = "suggested_amounts_with_impact_lines"


def test_existing_amounts_become_amounts_without_impact_lines_and_back():
    executor = MigrationExecutor(connection)
    target, before = migration_and_parent(executor, "campaigns", SUFFIX)
    executor.migrate([before])
    old_apps = executor.loader.project_state([before]).apps
    Campaign = old_apps.get_model("campaigns", "Campaign")
    campaign = Campaign.objects.create(
        slug="old",
        title_sv="a",
        title_en="a",
        summary_sv="a",
        summary_en="a",
        story_sv="a",
        story_en="a",
        goal_minor=100,
        suggested_amounts_minor=[10000, 25000],
    )
    empty = Campaign.objects.create(
        slug="empty",
        title_sv="b",
        title_en="b",
        summary_sv="b",
        summary_en="b",
        story_sv="b",
        story_en="b",
        goal_minor=100,
        suggested_amounts_minor=[],
    )

    executor = MigrationExecutor(connection)
    executor.migrate([target])
    new = executor.loader.project_state([target]).apps.get_model("campaigns", "Campaign")
    assert new.objects.get(pk=campaign.pk).suggested_amounts == [
        {"amount_minor": 10000, "impact_sv": "", "impact_en": ""},
        {"amount_minor": 25000, "impact_sv": "", "impact_en": ""},
    ]
    assert new.objects.get(pk=empty.pk).suggested_amounts == []

    executor = MigrationExecutor(connection)
    executor.migrate([before])
    back = executor.loader.project_state([before]).apps.get_model("campaigns", "Campaign")
    assert back.objects.get(pk=campaign.pk).suggested_amounts_minor == [10000, 25000]

    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
