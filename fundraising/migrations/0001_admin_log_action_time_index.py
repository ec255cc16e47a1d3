"""An index on when each admin log entry was made: the audit log only grows, and its
staff list is sorted newest first. Django's own ``LogEntry`` has none, so this app,
which owns the log's admin, adds it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX fundraising_admin_log_action_time ON django_admin_log (action_time)",
            "DROP INDEX fundraising_admin_log_action_time",
        ),
    ]
