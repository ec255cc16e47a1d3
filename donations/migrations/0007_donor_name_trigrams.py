"""A trigram index on donors' names, so the staff's donor search finds any part of a
name (``name__icontains``, which PostgreSQL runs as ``UPPER(name) LIKE UPPER('%…%')``)
without reading every donor. PostgreSQL only: elsewhere (SQLite in development) the
search reads the table, which is small there."""

from django.db import migrations

CREATE_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX donations_donor_name_trgm "
    "ON donations_donor USING gin (UPPER(name::text) gin_trgm_ops)",
]
DROP_SQL = ["DROP INDEX IF EXISTS donations_donor_name_trgm"]


def run_on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0006_staff_list_indexes"),
    ]

    operations = [
        migrations.RunPython(run_on_postgresql(CREATE_SQL), run_on_postgresql(DROP_SQL)),
    ]
