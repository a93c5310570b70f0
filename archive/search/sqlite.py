"""SQLite FTS5 backend, the query side: MATCH expressions, pages of keys, ranking.

The index tables and how documents are written and removed are in sqlite_index.py.
"""
from __future__ import annotations

from django.db import connection

from archive.search import sqlite_index
from archive.search.base import SearchBackend, SearchFilters
from archive.search.documents import wanted_tokens
from archive.search.query import ParsedQuery, Term, escape_fts
from archive.search.tokenize import Phrase

TEXT_COLUMNS = "{title headings body}"
# bm25 weights: title, headings, body, filters. Headings and titles say what a reply is about.
BM25 = "bm25(search_fts, 8.0, 4.0, 1.0, 0.0)"

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
    bump_version_sql = sqlite_index.BUMP_VERSION

    def write_document(self, cursor, doc, replacing: bool) -> None:
        sqlite_index.write_document(cursor, doc, replacing)

    def index_replies(self, replies) -> None:
        sqlite_index.index_replies(replies)

    def remove_reply(self, reply_id: int) -> None:
        sqlite_index.remove_reply(reply_id)

    def clear(self) -> None:
        sqlite_index.clear()

    def optimize(self) -> None:
        sqlite_index.optimize()

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
