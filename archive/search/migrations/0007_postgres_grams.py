"""PostgreSQL: the GIN index holds 1- to 4-character grams (pg_schema.GRAMS_FUNCTION), so a
CJK term of up to 4 characters needs no check on the text. The index is built here from the
stored rows (≈ 5 ms a reply); run `manage.py rebuild_index` (or optimize) afterwards to get
the window of the newest replies back. SQLite is untouched."""
from django.db import migrations


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from archive.search.pg_schema import GRAMS_SCHEMA

        for statement in GRAMS_SCHEMA:
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from archive.search.pg_schema import GRAMS_DROP

        for statement in GRAMS_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_postgres_recent_window")]
    operations = [migrations.RunPython(add, remove, elidable=False)]
