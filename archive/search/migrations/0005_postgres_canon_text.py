"""PostgreSQL: the positional tsvector becomes folded text + a GIN index of its tokens.

The tsvector column (with its positions, 2.3× the text) is dropped; search_entry gets the
folded title, headings, body and filter tokens (pg_text.py), and the GIN index is on the
expression search_tokens(…) over them (pg_schema.py). The existing entries are filled again
from the replies. SQLite is untouched.
"""
from django.db import migrations

BATCH = 500


def convert(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from archive.search.pg_schema import CANON_SCHEMA
    from archive.search.postgres import PostgresBackend

    schema_editor.execute("TRUNCATE search_entry")  # also frees the old vectors' space
    for statement in CANON_SCHEMA:
        schema_editor.execute(statement)
    reply_model = apps.get_model("archive", "Reply")
    replies = reply_model.objects.defer("raw_text").order_by("pk")
    ids = list(replies.values_list("pk", flat=True))
    backend = PostgresBackend()
    for start in range(0, len(ids), BATCH):
        backend.index_replies(list(replies.filter(pk__in=ids[start : start + BATCH])))


def back(apps, schema_editor):
    """The positional form, empty: run `manage.py rebuild_index` with the older code."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from archive.search.pg_schema import CANON_DROP

    schema_editor.execute("TRUNCATE search_entry")
    for statement in CANON_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_sqlite_contentless_delete")]
    operations = [migrations.RunPython(convert, back, elidable=False)]
