# Takes over the kept totals tables from the donations app (see
# donations.0004_totals_move_to_campaigns), keeping every row, then renames them.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("donations", "0004_totals_move_to_campaigns"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CampaignTotal",
                    fields=[
                        (
                            "campaign",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="cached_total",
                                serialize=False,
                                to="campaigns.campaign",
                            ),
                        ),
                        ("raised_minor", models.BigIntegerField(default=0)),
                        ("gift_count", models.PositiveIntegerField(default=0)),
                        ("donor_count", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "verbose_name": "campaign total",
                        "verbose_name_plural": "campaign totals",
                        "db_table": "donations_campaigntotal",
                    },
                ),
                migrations.CreateModel(
                    name="FundTotal",
                    fields=[
                        (
                            "currency",
                            models.CharField(
                                choices=[("SEK", "SEK"), ("EUR", "EUR")],
                                max_length=3,
                                primary_key=True,
                                serialize=False,
                                verbose_name="currency",
                            ),
                        ),
                        (
                            "raised_minor",
                            models.BigIntegerField(default=0, verbose_name="raised (öre/cents)"),
                        ),
                        (
                            "gift_count",
                            models.PositiveIntegerField(default=0, verbose_name="gifts"),
                        ),
                    ],
                    options={
                        "verbose_name": "fund total",
                        "verbose_name_plural": "fund totals",
                        "db_table": "donations_fundtotal",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="campaigntotal", table=None),
        migrations.AlterModelTable(name="fundtotal", table=None),
    ]
