"""SQLite FTS5 index, the write side: schema, storing and removing documents.

Tables (created by the search app's migrations):
- search_fts: FTS5, columns title / headings / body (bigram tokens) and filters (one token
  per facet value, e.g. cityx<hex of 信阳市>, yearx2024, typexcounseling, private), so
  filters are answered by the full-text index itself instead of a join. rowid = the sort
  key of documents.py (date, then id), so "newest first" is a reverse rowid scan.
  Contentless (content=''): the text lives in archive_reply only. contentless_delete=1
  (SQLite 3.43+, see archive/sqlite_driver.py) lets a document be deleted by rowid alone,
  so no copy of the indexed text is kept for deletes (search_source, dropped by 0004, was
  0.43× the text).
- search_entry: key -> reply id and facet values, for facet counts.

The query side is sqlite.py.
"""
from __future__ import annotations

from django.db import connection, transaction

from archive.search.documents import ReplyDocument, build_documents, filter_tokens
from archive.search.tokenize import index_text

FTS_SCHEMA = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, headings, body, filters, "
    "content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')"
)
SCHEMA = [
    FTS_SCHEMA,
    "CREATE TABLE search_entry (key INTEGER PRIMARY KEY, reply_id INTEGER NOT NULL UNIQUE, "
    "city TEXT NOT NULL, province TEXT NOT NULL, year INTEGER, types TEXT NOT NULL, "
    "statuses TEXT NOT NULL, fingerprint TEXT NOT NULL)",
]
DROP = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_entry", "DROP TABLE IF EXISTS search_source"]
# A random token replaced on every write: readers compare it to know their facet copy is stale.
# (Random, not a counter: a rolled-back write must not let a later one reuse its value.)
STATE_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS search_state (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO search_state (id, version) VALUES (1, 0)",
]
STATE_DROP = ["DROP TABLE IF EXISTS search_state"]
BUMP_VERSION = "UPDATE search_state SET version = random() WHERE id = 1"

INSERT_FTS = "INSERT INTO search_fts (rowid, title, headings, body, filters) VALUES (%s, %s, %s, %s, %s)"
INSERT_ENTRY = (
    "INSERT INTO search_entry (key, reply_id, city, province, year, types, statuses, fingerprint) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)


def fts_row(doc: ReplyDocument) -> list:
    body = doc.body_tokens if doc.body_tokens is not None else index_text(doc.body)
    return [doc.key, index_text(doc.title), index_text(doc.headings), body, " ".join(filter_tokens(doc))]


def entry_row(doc: ReplyDocument) -> list:
    return [doc.key, doc.reply_id, doc.city, doc.province, doc.year, " ".join(doc.types),
            " ".join(doc.statuses), doc.fingerprint]


def write_document(cursor, doc: ReplyDocument, replacing: bool) -> None:
    """Store one ReplyDocument; replacing says an older version of it is indexed."""
    if replacing:
        delete_document(cursor, doc.reply_id)
    cursor.execute(INSERT_FTS, fts_row(doc))
    cursor.execute(INSERT_ENTRY, entry_row(doc))


def index_replies(replies) -> None:
    """Index a batch (ingest, rebuild_index): one read of their measures, one executemany
    per table and one version bump, instead of a statement each per reply.

    Replies already indexed exactly as they are now are skipped; older versions are replaced.
    """
    docs = build_documents(replies)
    if not docs:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        ids = [doc.reply_id for doc in docs]
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"SELECT reply_id, key, fingerprint FROM search_entry WHERE reply_id IN ({marks})", ids)
        indexed = {reply_id: (key, fingerprint) for reply_id, key, fingerprint in cursor.fetchall()}
        docs = [doc for doc in docs if indexed.get(doc.reply_id, (None, None))[1] != doc.fingerprint]
        stale = [indexed[doc.reply_id][0] for doc in docs if doc.reply_id in indexed]
        if stale:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [[key] for key in stale])
            cursor.executemany("DELETE FROM search_entry WHERE key = %s", [[key] for key in stale])
        if not docs:
            return
        cursor.executemany(INSERT_FTS, [fts_row(doc) for doc in docs])
        cursor.executemany(INSERT_ENTRY, [entry_row(doc) for doc in docs])
        cursor.execute(BUMP_VERSION)


def remove_reply(reply_id: int) -> None:
    """Drop a reply from the index (deleted, or made private in a way that hides it)."""
    with transaction.atomic(), connection.cursor() as cursor:
        delete_document(cursor, reply_id)
        cursor.execute(BUMP_VERSION)


def delete_document(cursor, reply_id: int) -> None:
    """Remove a reply's document by its rowid (contentless_delete needs no tokens)."""
    cursor.execute("SELECT key FROM search_entry WHERE reply_id = %s", [reply_id])
    row = cursor.fetchone()
    if row is None:
        return
    cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [row[0]])
    cursor.execute("DELETE FROM search_entry WHERE reply_id = %s", [reply_id])


def clear() -> None:
    """Drop every indexed document (rebuild_index starts here)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
        cursor.execute("DELETE FROM search_entry")
        cursor.execute(BUMP_VERSION)


def optimize() -> None:
    """Merge the FTS5 segments into one after a bulk load."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
