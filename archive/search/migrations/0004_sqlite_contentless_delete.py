"""SQLite: the FTS5 index becomes contentless_delete=1 and search_source goes.

search_source kept a zlib copy of every indexed text (0.43× the text) only because SQLite
3.40 could not delete from a contentless table without the original tokens. With SQLite 3.43+
(archive/sqlite_driver.py) a document is deleted by rowid, so the index is recreated in the
new form and filled again from the replies table. PostgreSQL is untouched.
"""
from django.db import migrations

BATCH = 500


def convert(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from archive.search import sqlite_index

    for statement in sqlite_index.DROP + sqlite_index.SCHEMA:
        schema_editor.execute(statement)
    reply_model = apps.get_model("archive", "Reply")
    replies = reply_model.objects.defer("raw_text").order_by("pk")
    ids = list(replies.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        sqlite_index.index_replies(replies.filter(pk__in=ids[start : start + BATCH]))
    if ids:
        sqlite_index.optimize()


def back(apps, schema_editor):
    """The 3.40 form, empty: run `manage.py rebuild_index` with the older code."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [
        "DROP TABLE IF EXISTS search_fts",
        "DELETE FROM search_entry",
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, headings, body, filters, "
        "content='', tokenize='unicode61 remove_diacritics 0')",
        "CREATE TABLE IF NOT EXISTS search_source (reply_id INTEGER PRIMARY KEY, data BLOB NOT NULL)",
    ]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_public"), ("archive", "0001_initial")]
    operations = [migrations.RunPython(convert, back, elidable=False)]
