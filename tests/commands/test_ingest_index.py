"""The search index as ingest writes it: batches indexed exactly as one save would, deletes
without a copy of the text (FTS5 contentless_delete), the 0004 conversion, the SQLite check."""
from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from archive import sqlite_driver
from archive.management.commands.ingest import STORE_BATCH
from archive.models import Reply
from archive.search import get_backend
from archive.search.base import SearchFilters
from archive.search.documents import build_document
from tests.ops.procs import manage, python

from .helpers import SEEDS, ingest
from .test_ingest_bulk import seed_variants

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_index():
    """Transactional tests truncate the model tables only; the index tables are raw SQL."""
    get_backend().clear()


def hits(query: str) -> set[str]:
    """Files whose text holds the phrase (quoted: no jieba relaxation when nothing matches)."""
    results = get_backend().search(f"\"{query}\"", SearchFilters(include_private=True), page_size=100)
    return {hit.reply.source_file for hit in results.hits}


def entries() -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reply_id, fingerprint FROM search_entry")
        return dict(cursor.fetchall())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_is_indexed_exactly_as_a_single_save_would_index_it(tmp_path, jobs):
    seed_variants(tmp_path, 2 * STORE_BATCH + 3)

    assert ingest(tmp_path, "--jobs", jobs).returncode == 0

    indexed = entries()
    assert len(indexed) == Reply.objects.count() == 2 * STORE_BATCH + 3
    for reply in Reply.objects.all():
        assert indexed[reply.pk] == build_document(reply).fingerprint
    assert hits("第7份副本") == {"copy_007.txt"}
    assert hits("第17份副本") == {"copy_017.txt"}


def test_deleting_a_reply_drops_it_from_the_index(tmp_path):
    seed_variants(tmp_path, 3)
    ingest(tmp_path)
    assert hits("第1份副本") == {"copy_001.txt"}

    Reply.objects.get(source_file="copy_001.txt").delete()

    assert hits("第1份副本") == set()
    assert hits("第2份副本") == {"copy_002.txt"}
    assert len(entries()) == 2


def test_rebuild_index_gives_the_same_entries(tmp_path):
    from django.core.management import call_command

    seed_variants(tmp_path, 4)
    ingest(tmp_path)
    before = entries()

    call_command("rebuild_index", "--no-progress", "--batch-size", "3")

    assert entries() == before
    assert hits("第3份副本") == {"copy_003.txt"}


@pytest.mark.slow
def test_migration_0004_converts_an_index_of_the_sqlite_3_40_form(tmp_path):
    db = tmp_path / "old.sqlite3"
    for args in (["migrate", "--noinput"], ["ingest", str(SEEDS)], ["migrate", "search", "0003", "--noinput"]):
        result = manage(db, *args)
        assert result.returncode == 0, result.stdout + result.stderr
    check = """
from django.db import connection
with connection.cursor() as c:
    c.execute("SELECT name, sql FROM sqlite_master WHERE name IN ('search_fts', 'search_source')")
    print(sorted((name, 'contentless_delete' in sql) for name, sql in c.fetchall()))
    c.execute("SELECT count(*) FROM search_entry")
    print(c.fetchone()[0])
"""
    old = python(db, check)
    assert old.stdout.splitlines() == ["[('search_fts', False), ('search_source', False)]", "0"], old.stderr

    result = manage(db, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr

    new = python(db, check + """
from archive.search import get_backend
from archive.search.base import SearchFilters
print(get_backend().search("心理", SearchFilters(include_private=True)).count)
""")
    assert new.stdout.splitlines() == ["[('search_fts', True)]", "5", "5"], new.stderr


def test_an_sqlite_too_old_for_the_index_is_refused_with_a_clear_message(monkeypatch):
    class Old:
        sqlite_version = "3.40.1"
        sqlite_version_info = (3, 40, 1)

    monkeypatch.setattr(sqlite_driver, "sqlite3", Old)
    with pytest.raises(ImproperlyConfigured, match="3.40.1 is too old.*pysqlite3-binary"):
        sqlite_driver.check_version("django.db.backends.sqlite3")
    sqlite_driver.check_version("django.db.backends.postgresql")  # not SQLite: nothing to check


def test_django_and_the_commands_use_the_one_driver():
    import sqlite3

    assert sqlite3.sqlite_version_info >= sqlite_driver.MIN_VERSION
    assert connection.vendor != "sqlite" or connection.Database.sqlite_version == sqlite_driver.sqlite3.sqlite_version
