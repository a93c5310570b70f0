"""PostgreSQL backend: a bigram tsvector with a GIN index, same tokens as SQLite.

The tsvector and tsquery are written as literals from tokenize.py's tokens (`%s::tsvector`,
`%s::tsquery`), never through PostgreSQL's text parser, so both sides tokenise exactly
alike whatever the server's locale. Weights (for ranking): A title, B measure headings,
D body. Filter values are lexemes too (_cityx<hex>, _yearx2024, _private …), so a filter is
one more GIN lookup; the "_" keeps them apart from text tokens, which never contain one. Positions above 16383 are clamped by PostgreSQL: phrases in the
tail of a document over ~16k characters may be missed (real replies are 3–9k).
"""
from __future__ import annotations

from django.db import connection

from archive.search.base import SearchBackend, SearchFilters
from archive.search.documents import filter_tokens, wanted_tokens
from archive.search.query import ParsedQuery, Term, escape_tsquery
from archive.search.tokenize import Phrase, index_tokens

MAX_POSITION = 16383
# ts_rank_cd weights in {D, C, B, A} order: body, filters (ignored), headings, title.
RANK = "ts_rank_cd('{0.1, 0, 0.5, 1.0}', document, %s::tsquery)"

SCHEMA = [
    "CREATE TABLE search_entry (reply_id bigint PRIMARY KEY, key bigint NOT NULL, "
    "city text NOT NULL, province text NOT NULL, year integer, types text NOT NULL, "
    "statuses text NOT NULL, fingerprint text NOT NULL, document tsvector NOT NULL)",
    "CREATE INDEX search_entry_document ON search_entry USING gin (document)",
    "CREATE INDEX search_entry_key ON search_entry (key DESC)",
]
DROP = ["DROP TABLE IF EXISTS search_entry"]
# Bumped on every write. A sequence, not a row: concurrent writers never wait on it, and a
# rolled-back write never hands its value to a later one.
STATE_SCHEMA = ["CREATE SEQUENCE IF NOT EXISTS search_version"]
STATE_DROP = ["DROP SEQUENCE IF EXISTS search_version"]
VISIBILITY_SCHEMA = ["ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS public boolean NOT NULL DEFAULT true"]
VISIBILITY_DROP = ["ALTER TABLE search_entry DROP COLUMN IF EXISTS public"]
BUMP_VERSION = "SELECT nextval('search_version')"


def tsvector_literal(columns: list[tuple[str, str]], filters: list[str]) -> str:
    """'心理':1A,9D '理健':2A … 'doc':16383C — positions run on across columns."""
    positions: dict[str, list[str]] = {}
    position = 0
    for text, weight in columns:
        for token in index_tokens(text):
            position = min(position + 1, MAX_POSITION)
            positions.setdefault(token, []).append(f"{position}{weight}")
        position = min(position + 8, MAX_POSITION)  # no phrase spans two columns
    for token in filters:
        positions.setdefault(filter_lexeme(token), []).append(f"{MAX_POSITION}C")
    return " ".join(f"{escape_tsquery(t)}:{','.join(p)}" for t, p in positions.items())


def filter_lexeme(token: str) -> str:
    """_doc, _cityx…: text tokens never contain "_", so filters need no weight restriction
    (a weight in the query would make GIN recheck every row)."""
    return f"_{token}"


def phrase_query(phrase: Phrase) -> str:
    """'心理' <-> '理健' ; a lone last character is a prefix: '心':*."""
    parts = [escape_tsquery(t) for t in phrase.tokens]
    if phrase.prefix:
        parts[-1] += ":*"
    return "(" + " <-> ".join(parts) + ")"


def group_query(group: tuple[Term, ...]) -> str:
    return "(" + " | ".join(phrase_query(term.phrase) for term in group) + ")"


def tsquery_text(parsed: ParsedQuery, filters: SearchFilters) -> str:
    """The tsquery literal; every user-derived token went through escape_tsquery."""
    tokens = wanted_tokens(filters)
    parts = [group_query(g) for g in parsed.groups]
    if not parts or tokens != ["doc"]:  # "doc" (every reply) only when nothing else matches
        parts += [escape_tsquery(filter_lexeme(t)) for t in tokens]
    parts += [f"!{phrase_query(term.phrase)}" for term in parsed.excluded]
    return " & ".join(parts)


def where(parsed: ParsedQuery, filters: SearchFilters) -> tuple[str, list]:
    """The WHERE clause. Visibility is a plain column: a negated lexeme (!'_private') would
    make GIN recheck every candidate row's tsvector."""
    clause = "document @@ %s::tsquery" + ("" if filters.include_private else " AND public")
    return clause, [tsquery_text(parsed, filters)]


class PostgresBackend(SearchBackend):
    name = "postgresql"
    bump_version_sql = BUMP_VERSION

    def write_document(self, cursor, doc, replacing: bool) -> None:
        vector = tsvector_literal(
            [(doc.title, "A"), (doc.headings, "B"), (doc.body, "D")], filter_tokens(doc)
        )
        cursor.execute(
            "INSERT INTO search_entry (reply_id, key, city, province, year, types, statuses, "
            "fingerprint, public, document) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector) "
            "ON CONFLICT (reply_id) DO UPDATE SET key = EXCLUDED.key, city = EXCLUDED.city, "
            "public = EXCLUDED.public, "
            "province = EXCLUDED.province, year = EXCLUDED.year, types = EXCLUDED.types, "
            "statuses = EXCLUDED.statuses, fingerprint = EXCLUDED.fingerprint, "
            "document = EXCLUDED.document",
            [doc.reply_id, doc.key, doc.city, doc.province, doc.year, " ".join(doc.types),
             " ".join(doc.statuses), doc.fingerprint, doc.public, vector],
        )


    def remove_reply(self, reply_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_entry WHERE reply_id = %s", [reply_id])
            cursor.execute(BUMP_VERSION)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_entry")
            cursor.execute(BUMP_VERSION)

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_entry")

    def match_keys(self, parsed: ParsedQuery, filters: SearchFilters, limit: int) -> list[int]:
        with connection.cursor() as cursor:
            clause, params = where(parsed, filters)
            cursor.execute(
                f"SELECT key FROM search_entry WHERE {clause} ORDER BY key DESC LIMIT %s", [*params, limit]
            )
            return [key for (key,) in cursor.fetchall()]

    def ranked_keys(self, parsed: ParsedQuery, filters: SearchFilters, offset: int, limit: int) -> list[tuple[int, float]]:
        # Rank by the text terms alone: filter tokens and negations sit outside any cover
        # and would make ts_rank_cd zero.
        rank_query = " & ".join(group_query(g) for g in parsed.groups)
        with connection.cursor() as cursor:
            clause, params = where(parsed, filters)
            cursor.execute(
                f"SELECT key, {RANK} AS score FROM search_entry WHERE {clause} "
                "ORDER BY score DESC, key DESC LIMIT %s OFFSET %s",
                [rank_query, *params, limit, offset],
            )
            return [(key, float(score)) for key, score in cursor.fetchall()]

    def keys_by_date(self, parsed: ParsedQuery, filters: SearchFilters, offset: int, limit: int) -> list[int]:
        with connection.cursor() as cursor:
            clause, params = where(parsed, filters)
            cursor.execute(
                f"SELECT key FROM search_entry WHERE {clause} ORDER BY key DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            return [key for (key,) in cursor.fetchall()]

    def index_version(self) -> object:
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_value, is_called FROM search_version")
            return cursor.fetchone()

    def entry_rows(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT key, city, province, year, types, statuses FROM search_entry ORDER BY key")
            yield from cursor
