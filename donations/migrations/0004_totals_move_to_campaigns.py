# The kept campaign and fund totals move to the campaigns app (imports point one way:
# pages about campaigns read them without the ledger). State only here; the tables
# are taken over, and renamed, by campaigns.0002_kept_totals.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0003_fund_total"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CampaignTotal"),
                migrations.DeleteModel(name="FundTotal"),
            ],
            database_operations=[],
        ),
    ]
