"""SQLite FTS5 backend: a contentless table of pre-tokenised bigrams (see tokenize.py).

Tables (created by the search app's migration):
- search_fts: FTS5, columns title / headings / body (bigram tokens) and filters (one token
  per facet value, e.g. cityx<hex of 信阳市>, yearx2024, typexcounseling, private), so
  filters are answered by the full-text index itself instead of a join. rowid = the sort
  key of documents.py (date, then id), so "newest first" is a reverse rowid scan.
- search_entry: key -> reply id and facet values, for facet counts.
- search_source: the indexed strings, zlib-compressed. SQLite 3.40 has no
  contentless_delete, and removing a document from a contentless table needs the exact
  tokens it was indexed with; this keeps deletes exact whatever happened to the reply.
"""
from __future__ import annotations

import json
import zlib

from django.db import connection, transaction

from archive.search.base import SearchBackend, SearchFilters
from archive.search.documents import filter_tokens, wanted_tokens
from archive.search.query import ParsedQuery, Term, escape_fts
from archive.search.tokenize import Phrase, index_text

TEXT_COLUMNS = "{title headings body}"
# bm25 weights: title, headings, body, filters. Headings and titles say what a reply is about.
BM25 = "bm25(search_fts, 8.0, 4.0, 1.0, 0.0)"

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


def phrase_expression(phrase: Phrase) -> str:
    """"心理" + "理健" + "健康" ; a one-character query ends in a prefix: "心"*."""
    text = " + ".join(escape_fts(token) for token in phrase.tokens)
    return text + "*" if phrase.prefix else text


def group_expression(group: tuple[Term, ...]) -> str:
    return "(" + " OR ".join(phrase_expression(term.phrase) for term in group) + ")"


def match_expression(parsed: ParsedQuery, filters: SearchFilters) -> str:
    """The whole MATCH string; every user-derived piece went through escape_fts."""
    tokens = wanted_tokens(filters)
    expression = "filters : (" + " AND ".join(escape_fts(t) for t in tokens) + ")"
    if parsed.groups:
        text = f"{TEXT_COLUMNS} : (" + " AND ".join(group_expression(g) for g in parsed.groups) + ")"
        # "doc" (every reply) is only needed when there is nothing else to match.
        expression = text if tokens == ["doc"] else f"({text}) AND ({expression})"
    for term in parsed.excluded:
        expression = f"({expression}) NOT ({TEXT_COLUMNS} : ({phrase_expression(term.phrase)}))"
    if not filters.include_private:
        expression = f'({expression}) NOT (filters : "private")'
    return expression


class SqliteBackend(SearchBackend):
    name = "sqlite-fts5"
    bump_version_sql = BUMP_VERSION

    def write_document(self, cursor, doc, replacing: bool) -> None:
        if replacing:
            self._delete(cursor, doc.reply_id)
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


    def remove_reply(self, reply_id: int) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete(cursor, reply_id)
            cursor.execute(BUMP_VERSION)

    def _delete(self, cursor, reply_id: int) -> None:
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

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
            cursor.execute("DELETE FROM search_entry")
            cursor.execute("DELETE FROM search_source")
            cursor.execute(BUMP_VERSION)

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")

    def match_keys(self, parsed: ParsedQuery, filters: SearchFilters, limit: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s",
                [match_expression(parsed, filters), limit],
            )
            return [key for (key,) in cursor.fetchall()]

    def ranked_keys(self, parsed: ParsedQuery, filters: SearchFilters, offset: int, limit: int) -> list[tuple[int, float]]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, -{BM25} FROM search_fts WHERE search_fts MATCH %s "
                f"ORDER BY {BM25}, rowid DESC LIMIT %s OFFSET %s",
                [match_expression(parsed, filters), limit, offset],
            )
            return [(key, float(score)) for key, score in cursor.fetchall()]

    def keys_by_date(self, parsed: ParsedQuery, filters: SearchFilters, offset: int, limit: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [match_expression(parsed, filters), limit, offset],
            )
            return [key for (key,) in cursor.fetchall()]

    def index_version(self) -> object:
        with connection.cursor() as cursor:
            cursor.execute("SELECT version FROM search_state WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else None

    def entry_rows(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT key, city, province, year, types, statuses FROM search_entry ORDER BY key")
            yield from cursor


def fts5_available() -> bool:
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.search_fts5_probe USING fts5(x)")
            cursor.execute("DROP TABLE temp.search_fts5_probe")
        except Exception:
            return False
    return True
