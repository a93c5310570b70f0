"""PostgreSQL: the search index becomes folded text + a token GIN index (filled in below).

Placeholder claiming the number; SQLite is untouched.
"""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0004_sqlite_contentless_delete")]
    operations = []
