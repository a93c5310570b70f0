"""PostgreSQL: search_window (the key floor of the partial GIN index of the newest replies)
and the two-step search_run(); see pg_schema.WINDOW_SCHEMA. SQLite is untouched."""
from django.db import migrations


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from archive.search.pg_schema import WINDOW_SCHEMA

        for statement in WINDOW_SCHEMA:
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from archive.search.pg_schema import RUN_FUNCTION, WINDOW_DROP

        for statement in [*WINDOW_DROP, RUN_FUNCTION]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postgres_canon_text")]
    operations = [migrations.RunPython(add, remove, elidable=False)]
