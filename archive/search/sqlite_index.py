"""SQLite FTS5 index, the write side: schema, storing and removing documents.

Tables (created by the search app's migrations):
- search_fts: FTS5, columns title / headings / body (bigram tokens) and filters (one token
  per facet value, e.g. cityx<hex of 信阳市>, yearx2024, typexcounseling, private), so
  filters are answered by the full-text index itself instead of a join. rowid = the sort
  key of documents.py (date, then id), so "newest first" is a reverse rowid scan.
- search_entry: key -> reply id and facet values, for facet counts.
- search_source: the indexed strings, zlib-compressed. SQLite 3.40 has no
  contentless_delete, and removing a document from a contentless table needs the exact
  tokens it was indexed with; this keeps deletes exact whatever happened to the reply.

The query side is sqlite.py.
"""
from __future__ import annotations

import json
import zlib

from django.db import connection, transaction

from archive.search.documents import filter_tokens
from archive.search.tokenize import index_text

SCHEMA = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, headings, body, filters, "
    "content='', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TABLE search_entry (key INTEGER PRIMARY KEY, reply_id INTEGER NOT NULL UNIQUE, "
    "city TEXT NOT NULL, province TEXT NOT NULL, year INTEGER, types TEXT NOT NULL, "
    "statuses TEXT NOT NULL, fingerprint TEXT NOT NULL)",
    "CREATE TABLE search_source (reply_id INTEGER PRIMARY KEY, data BLOB NOT NULL)",
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


def write_document(cursor, doc, replacing: bool) -> None:
    """Store one ReplyDocument; replacing says an older version of it is indexed."""
    if replacing:
        delete_document(cursor, doc.reply_id)
    columns = [doc.title, doc.headings, doc.body]
    filters = " ".join(filter_tokens(doc))
    cursor.execute(
        "INSERT INTO search_fts (rowid, title, headings, body, filters) VALUES (%s, %s, %s, %s, %s)",
        [doc.key, *(index_text(c) for c in columns), filters],
    )
    cursor.execute(
        "INSERT INTO search_entry (key, reply_id, city, province, year, types, statuses, fingerprint) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        [doc.key, doc.reply_id, doc.city, doc.province, doc.year, " ".join(doc.types),
         " ".join(doc.statuses), doc.fingerprint],
    )
    source = zlib.compress(json.dumps([*columns, filters], ensure_ascii=False).encode(), 6)
    cursor.execute("INSERT INTO search_source (reply_id, data) VALUES (%s, %s)", [doc.reply_id, source])


def remove_reply(reply_id: int) -> None:
    """Drop a reply from the index (deleted, or made private in a way that hides it)."""
    with transaction.atomic(), connection.cursor() as cursor:
        delete_document(cursor, reply_id)
        cursor.execute(BUMP_VERSION)


def delete_document(cursor, reply_id: int) -> None:
    """Remove a document with exactly the tokens it was indexed with."""
    cursor.execute(
        "SELECT e.key, s.data FROM search_entry e JOIN search_source s ON s.reply_id = e.reply_id "
        "WHERE e.reply_id = %s",
        [reply_id],
    )
    row = cursor.fetchone()
    if row is None:
        return
    key, data = row
    title, headings, body, filters = json.loads(zlib.decompress(data).decode())
    cursor.execute(
        "INSERT INTO search_fts (search_fts, rowid, title, headings, body, filters) "
        "VALUES ('delete', %s, %s, %s, %s, %s)",
        [key, index_text(title), index_text(headings), index_text(body), filters],
    )
    cursor.execute("DELETE FROM search_entry WHERE reply_id = %s", [reply_id])
    cursor.execute("DELETE FROM search_source WHERE reply_id = %s", [reply_id])


def clear() -> None:
    """Drop every indexed document (rebuild_index starts here)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
        cursor.execute("DELETE FROM search_entry")
        cursor.execute("DELETE FROM search_source")
        cursor.execute(BUMP_VERSION)


def optimize() -> None:
    """Merge the FTS5 segments into one after a bulk load."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
