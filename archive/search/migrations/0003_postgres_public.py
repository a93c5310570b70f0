"""PostgreSQL: visibility as a column (see postgres.where); SQLite keeps its filter token."""
from django.db import migrations


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from archive.search.postgres import VISIBILITY_SCHEMA

        for statement in VISIBILITY_SCHEMA:
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from archive.search.postgres import VISIBILITY_DROP

        for statement in VISIBILITY_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_state")]
    operations = [migrations.RunPython(add, remove, elidable=False)]
