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

from archive.search.base import COUNT_LIMIT, RANK_LIMIT, Page, SearchBackend, SearchFilters, facets_from_rows
from archive.search.documents import build_document, filter_tokens, reply_id_of, wanted_tokens
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


def phrase_expression(phrase: Phrase) -> str:
    """"心理" + "理健" + "健康" ; a one-character query ends in a prefix: "心"*."""
    text = " + ".join(escape_fts(token) for token in phrase.tokens)
    return text + "*" if phrase.prefix else text


def group_expression(group: tuple[Term, ...]) -> str:
    return "(" + " OR ".join(phrase_expression(term.phrase) for term in group) + ")"


def match_expression(parsed: ParsedQuery, filters: SearchFilters) -> str:
    """The whole MATCH string; every user-derived piece went through escape_fts."""
    expression = "filters : (" + " AND ".join(escape_fts(t) for t in wanted_tokens(filters)) + ")"
    if parsed.groups:
        text = " AND ".join(group_expression(g) for g in parsed.groups)
        expression = f"({TEXT_COLUMNS} : ({text})) AND ({expression})"
    for term in parsed.excluded:
        expression = f"({expression}) NOT ({TEXT_COLUMNS} : ({phrase_expression(term.phrase)}))"
    if not filters.include_private:
        expression = f'({expression}) NOT (filters : "private")'
    return expression


class SqliteBackend(SearchBackend):
    name = "sqlite-fts5"

    def index_reply(self, reply) -> None:
        doc = build_document(reply)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT fingerprint FROM search_entry WHERE reply_id = %s", [doc.reply_id])
            row = cursor.fetchone()
            if row and row[0] == doc.fingerprint:
                return
            if row:
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

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")

    def find(self, parsed: ParsedQuery, filters: SearchFilters, offset: int, limit: int, sort: str) -> Page:
        expression = match_expression(parsed, filters)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)",
                [expression, COUNT_LIMIT + 1],
            )
            count = cursor.fetchone()[0]
            by_date = sort == "date" or count > RANK_LIMIT or not parsed.groups
            if by_date:
                cursor.execute(
                    "SELECT rowid, 0.0 FROM search_fts WHERE search_fts MATCH %s "
                    "ORDER BY rowid DESC LIMIT %s OFFSET %s",
                    [expression, limit, offset],
                )
            else:
                cursor.execute(
                    f"SELECT rowid, -{BM25} FROM search_fts WHERE search_fts MATCH %s "
                    f"ORDER BY {BM25}, rowid DESC LIMIT %s OFFSET %s",
                    [expression, limit, offset],
                )
            rows = cursor.fetchall()
        return Page(
            ids=[(reply_id_of(key), float(score)) for key, score in rows],
            count=min(count, COUNT_LIMIT),
            count_capped=count > COUNT_LIMIT,
            ordered_by="date" if by_date else "relevance",
        )

    def facet_counts(self, parsed: ParsedQuery, filters: SearchFilters) -> dict[str, list[tuple[str, int]]]:
        """Counts per facet value over the matches, from one grouped pass over the index."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.city, e.province, e.year, e.types, e.statuses, count(*) "
                "FROM search_fts JOIN search_entry e ON e.key = search_fts.rowid "
                "WHERE search_fts MATCH %s GROUP BY 1, 2, 3, 4, 5",
                [match_expression(parsed, filters)],
            )
            rows = cursor.fetchall()
        return facets_from_rows(rows)


def fts5_available() -> bool:
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.search_fts5_probe USING fts5(x)")
            cursor.execute("DROP TABLE temp.search_fts5_probe")
        except Exception:
            return False
    return True
