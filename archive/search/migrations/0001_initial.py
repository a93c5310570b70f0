"""The search index tables, in the form the database in use needs (FTS5 or tsvector/GIN)."""
from django.db import migrations


def create_tables(apps, schema_editor):
    for statement in schema(schema_editor.connection.vendor)[0]:
        schema_editor.execute(statement)


def drop_tables(apps, schema_editor):
    for statement in schema(schema_editor.connection.vendor)[1]:
        schema_editor.execute(statement)


def schema(vendor: str) -> tuple[list[str], list[str]]:
    if vendor == "postgresql":
        from archive.search import postgres

        return postgres.SCHEMA, postgres.DROP
    from archive.search import sqlite_index as sqlite

    return sqlite.SCHEMA, sqlite.DROP


class Migration(migrations.Migration):
    initial = True
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(create_tables, drop_tables, elidable=False)]
