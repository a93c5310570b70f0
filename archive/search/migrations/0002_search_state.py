"""The index version readers check to refresh their facet copy (see archive/search/facets.py)."""
from django.db import migrations


def statements(vendor: str, create: bool) -> list[str]:
    if vendor == "postgresql":
        from archive.search import postgres as backend
    else:
        from archive.search import sqlite_index as backend
    return backend.STATE_SCHEMA if create else backend.STATE_DROP


def create(apps, schema_editor):
    for statement in statements(schema_editor.connection.vendor, True):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in statements(schema_editor.connection.vendor, False):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
