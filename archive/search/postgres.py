"""PostgreSQL backend: a bigram tsvector with a GIN index, same tokens as SQLite.

The tsvector and tsquery are written as literals from tokenize.py's tokens (`%s::tsvector`,
`%s::tsquery`), never through PostgreSQL's text parser, so both sides tokenise exactly
alike whatever the server's locale. Weights: A title, B measure headings, D body; filter
values are tokens of weight C (cityx<hex>, yearx2024, private …), so a filter is one more
GIN lookup. Text operands are restricted to :ABD, filter operands to :C, so a body word
can never satisfy a filter. Positions above 16383 are clamped by PostgreSQL: phrases in the
tail of a document over ~16k characters may be missed (real replies are 3–9k).
"""
from __future__ import annotations

from django.db import connection, transaction

from archive.search.base import COUNT_LIMIT, RANK_LIMIT, Page, SearchBackend, SearchFilters, facets_from_rows
from archive.search.documents import build_document, filter_tokens, wanted_tokens
from archive.search.query import ParsedQuery, Term, escape_tsquery
from archive.search.tokenize import Phrase, index_tokens

MAX_POSITION = 16383
TEXT_WEIGHTS = "ABD"
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
        positions.setdefault(token, []).append(f"{MAX_POSITION}C")
    return " ".join(f"{escape_tsquery(t)}:{','.join(p)}" for t, p in positions.items())


def phrase_query(phrase: Phrase) -> str:
    """'心理':ABD <-> '理健':ABD ; a lone last character is a prefix: '心':*ABD."""
    parts = [f"{escape_tsquery(t)}:{TEXT_WEIGHTS}" for t in phrase.tokens]
    if phrase.prefix:
        parts[-1] = f"{escape_tsquery(phrase.tokens[-1])}:*{TEXT_WEIGHTS}"
    return "(" + " <-> ".join(parts) + ")"


def group_query(group: tuple[Term, ...]) -> str:
    return "(" + " | ".join(phrase_query(term.phrase) for term in group) + ")"


def tsquery_text(parsed: ParsedQuery, filters: SearchFilters) -> str:
    """The tsquery literal; every user-derived token went through escape_tsquery."""
    parts = [f"{escape_tsquery(t)}:C" for t in wanted_tokens(filters)]
    parts += [group_query(g) for g in parsed.groups]
    parts += [f"!{phrase_query(term.phrase)}" for term in parsed.excluded]
    if not filters.include_private:
        parts.append("!'private':C")
    return " & ".join(parts)


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def index_reply(self, reply) -> None:
        doc = build_document(reply)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT fingerprint FROM search_entry WHERE reply_id = %s", [doc.reply_id])
            row = cursor.fetchone()
            if row and row[0] == doc.fingerprint:
                return
            vector = tsvector_literal(
                [(doc.title, "A"), (doc.headings, "B"), (doc.body, "D")], filter_tokens(doc)
            )
            cursor.execute(
                "INSERT INTO search_entry (reply_id, key, city, province, year, types, statuses, "
                "fingerprint, document) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector) "
                "ON CONFLICT (reply_id) DO UPDATE SET key = EXCLUDED.key, city = EXCLUDED.city, "
                "province = EXCLUDED.province, year = EXCLUDED.year, types = EXCLUDED.types, "
                "statuses = EXCLUDED.statuses, fingerprint = EXCLUDED.fingerprint, "
                "document = EXCLUDED.document",
                [doc.reply_id, doc.key, doc.city, doc.province, doc.year, " ".join(doc.types),
                 " ".join(doc.statuses), doc.fingerprint, vector],
            )

    def remove_reply(self, reply_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_entry WHERE reply_id = %s", [reply_id])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_entry")

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_entry")

    def find(self, parsed: ParsedQuery, filters: SearchFilters, offset: int, limit: int, sort: str) -> Page:
        query = tsquery_text(parsed, filters)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM search_entry WHERE document @@ %s::tsquery LIMIT %s) s",
                [query, COUNT_LIMIT + 1],
            )
            count = cursor.fetchone()[0]
            by_date = sort == "date" or count > RANK_LIMIT or not parsed.groups
            if by_date:
                cursor.execute(
                    "SELECT reply_id, 0.0 FROM search_entry WHERE document @@ %s::tsquery "
                    "ORDER BY key DESC LIMIT %s OFFSET %s",
                    [query, limit, offset],
                )
            else:
                # Rank by the text terms alone: filter tokens and negations sit outside any
                # cover and would make ts_rank_cd zero.
                rank_query = " & ".join(group_query(g) for g in parsed.groups)
                cursor.execute(
                    f"SELECT reply_id, {RANK} AS score FROM search_entry "
                    "WHERE document @@ %s::tsquery ORDER BY score DESC, key DESC LIMIT %s OFFSET %s",
                    [rank_query, query, limit, offset],
                )
            rows = cursor.fetchall()
        return Page(
            ids=[(reply_id, float(score)) for reply_id, score in rows],
            count=min(count, COUNT_LIMIT),
            count_capped=count > COUNT_LIMIT,
            ordered_by="date" if by_date else "relevance",
        )

    def facet_counts(self, parsed: ParsedQuery, filters: SearchFilters) -> dict[str, list[tuple[str, int]]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT city, province, year, types, statuses, count(*) FROM search_entry "
                "WHERE document @@ %s::tsquery GROUP BY 1, 2, 3, 4, 5",
                [tsquery_text(parsed, filters)],
            )
            return facets_from_rows(cursor.fetchall())
