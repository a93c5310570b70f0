"""PostgreSQL backend: folded text + a GIN index of its n-grams, long phrases checked on the text.

search_entry holds per reply its facet values and its title, headings and body as folded
runs (pg_text.py); a GIN index on the expression search_grams(…) holds every 1- to 4-character
gram of their CJK runs and every other run, without positions (pg_schema.py), and filters are
tokens too (_cityx<hex>, _yearx…, _doc). pg_query.py turns a query into one GIN lookup, exact
for terms of up to 4 CJK characters, plus checks on the text of longer or multi-run terms,
newest candidates first. Same answers as the SQLite backend; no position limit (the old
positional tsvector lost phrases after ~16,000 characters).

Sizes at 20,000 synthetic replies (98 MB of text): positional tsvector + GIN 2.3× the text;
bigram GIN ≈ 0.96×; this design ≈ 1.45× after rebuild_index (12 MB table, 47 MB of
pglz-compressed text in TOAST, a 64 MB GIN, 18 MB for the partial index of the newest replies).
"""
from __future__ import annotations

import threading
import time

from django.db import connection

from archive.search import pg_query
from archive.search.base import MATCH_LIMIT, SearchBackend, SearchFilters
from archive.search.documents import build_document, filter_tokens
from archive.search.pg_query import filter_lexeme
from archive.search.pg_schema import (  # noqa: F401 (migrations 0001–0003 read these here)
    DROP,
    DROP_GRAMS_INDEXES,
    GRAMS,
    GRAMS_INDEX,
    SCHEMA,
    STATE_DROP,
    STATE_SCHEMA,
    TOKENS,
    VISIBILITY_DROP,
    VISIBILITY_SCHEMA,
)
from archive.search.pg_text import column_text
from archive.search.query import ParsedQuery

BUMP_VERSION = "SELECT nextval('search_version')"
UPSERT = (
    "INSERT INTO search_entry (reply_id, key, city, province, year, types, statuses, fingerprint, public, "
    "title_text, heading_text, body_text, filter_text) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (reply_id) DO UPDATE SET key = EXCLUDED.key, city = EXCLUDED.city, "
    "province = EXCLUDED.province, year = EXCLUDED.year, types = EXCLUDED.types, statuses = EXCLUDED.statuses, "
    "fingerprint = EXCLUDED.fingerprint, public = EXCLUDED.public, title_text = EXCLUDED.title_text, "
    "heading_text = EXCLUDED.heading_text, body_text = EXCLUDED.body_text, filter_text = EXCLUDED.filter_text"
)
# Replies in the partial index of the newest (optimize); 3× MATCH_LIMIT: a term in a third of
# the replies or more is answered from it alone.
RECENT = 3 * MATCH_LIMIT
# match_keys' rows are reused by ranked_keys in the same search() when asked this soon after.
STASH_SECONDS = 2.0


def entry_row(doc) -> list:
    return [
        doc.reply_id, doc.key, doc.city, doc.province, doc.year, " ".join(doc.types), " ".join(doc.statuses),
        doc.fingerprint, doc.public, column_text(doc.title), column_text(doc.headings), column_text(doc.body),
        " ".join(filter_lexeme(t) for t in filter_tokens(doc)),
    ]


class PostgresBackend(SearchBackend):
    name = "postgresql"
    bump_version_sql = BUMP_VERSION

    def __init__(self) -> None:
        self._local = threading.local()

    def write_document(self, cursor, doc, replacing: bool) -> None:
        cursor.execute(UPSERT, entry_row(doc))

    def index_replies(self, replies) -> None:
        """One fingerprint query and one executemany for the batch; the version bumped once."""
        from django.db import transaction

        docs = [build_document(reply) for reply in replies]
        if not docs:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT reply_id, fingerprint FROM search_entry WHERE reply_id = ANY(%s)", [[d.reply_id for d in docs]]
            )
            indexed = dict(cursor.fetchall())
            changed = [entry_row(d) for d in docs if indexed.get(d.reply_id) != d.fingerprint]
            if changed:
                cursor.executemany(UPSERT, changed)
                cursor.execute(BUMP_VERSION)

    def remove_reply(self, reply_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_entry WHERE reply_id = %s", [reply_id])
            cursor.execute(BUMP_VERSION)

    def clear(self) -> None:
        """Empty the index, and drop its GIN indexes: a rebuild then computes each reply's grams
        once, in optimize()'s CREATE INDEX, instead of row by row and again in CLUSTER. Until
        optimize() runs, searches compute the grams row by row (right, but slow on many rows)."""
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_entry")  # frees the space at once, unlike DELETE
            for statement in DROP_GRAMS_INDEXES:
                cursor.execute(statement)
            cursor.execute(BUMP_VERSION)

    def optimize(self) -> None:
        """After a rebuild: store the rows in key order, so that the newest replies share a few
        pages (later replies are appended, mostly newest, and keep it so), and index the newest
        RECENT replies again in a partial index (see pg_schema.WINDOW_SCHEMA); replies added
        later with newer dates fall inside it too. The key index exists only for CLUSTER: left
        in place, the planner walks it and computes the token expression row by row. The GIN
        indexes are dropped first and made after CLUSTER (which would build them again)."""
        with connection.cursor() as cursor:
            for statement in DROP_GRAMS_INDEXES:
                cursor.execute(statement)
            cursor.execute("CREATE INDEX IF NOT EXISTS search_entry_order ON search_entry (key)")
            cursor.execute("CLUSTER search_entry USING search_entry_order")
            cursor.execute("DROP INDEX search_entry_order")
            cursor.execute("SET maintenance_work_mem = '256MB'")  # the GIN build sorts in memory
            for statement in GRAMS_INDEX:
                cursor.execute(statement)
            cursor.execute("SELECT key FROM search_entry ORDER BY key DESC OFFSET %s LIMIT 1", [RECENT - 1])
            row = cursor.fetchone()
            if row:
                floor = int(row[0])
                cursor.execute(f"CREATE INDEX search_entry_recent ON search_entry USING gin ({GRAMS}) "
                               f"WHERE key >= {floor}")
                cursor.execute("ALTER INDEX search_entry_recent ALTER COLUMN 1 SET STATISTICS 0")
                cursor.execute("INSERT INTO search_window (floor) VALUES (%s)", [floor])
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute("VACUUM ANALYZE search_entry" if connection.get_autocommit() else "ANALYZE search_entry")

    # -- queries -----------------------------------------------------------------------------
    def _matches(self, parsed: ParsedQuery, filters: SearchFilters, offset: int, limit: int):
        """(keys newest first, [(key, hits)]) of a page of matches, in one round trip. Scores
        are computed from the hits only when a ranking asks (most big answers are capped)."""
        search = pg_query.plan(parsed, filters)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT key, hits FROM search_run(%s, %s::tsquery, %s::text[], %s, %s)",
                [pg_query.matching_statement(search, filters), search.tsquery, list(search.checks), limit, offset],
            )
            rows = cursor.fetchall()
        return [key for key, _ in rows], (search, rows)

    def match_keys(self, parsed: ParsedQuery, filters: SearchFilters, limit: int) -> list[int]:
        keys, found = self._matches(parsed, filters, 0, limit)
        self._local.stash = (signature(parsed, filters), time.monotonic(), keys, found)
        return keys

    def ranked_keys(self, parsed: ParsedQuery, filters: SearchFilters, offset: int, limit: int) -> list[tuple[int, float]]:
        """The page of all matches (≤ MATCH_LIMIT) in (score, newest) order. The matches and
        hits are those match_keys just found for this search, else they are found again
        (also when its rows came without hits: it had asked for fewer than all matches)."""
        stash = getattr(self._local, "stash", None)
        found = None
        if stash and stash[0] == signature(parsed, filters) and time.monotonic() - stash[1] < STASH_SECONDS:
            keys, found = stash[2:]
        if found is None or any(hits is None for _, hits in found[1]):
            keys, found = self._matches(parsed, filters, 0, MATCH_LIMIT + 1)
        search, rows = found
        # Rows share a few hit patterns (which terms are in the title, in a heading): each is
        # scored once (≈ 4 → 1 ms for 1,600 matches of three terms).
        by_pattern: dict[tuple, float] = {}
        scores = {}
        for key, hits in rows:
            pattern = tuple(hits)
            score = by_pattern.get(pattern)
            if score is None:
                score = by_pattern[pattern] = search.score(hits)
            scores[key] = score
        order = sorted(keys, key=lambda key: (-scores[key], -key))
        return [(key, scores[key]) for key in order[offset : offset + limit]]

    def keys_by_date(self, parsed: ParsedQuery, filters: SearchFilters, offset: int, limit: int) -> list[int]:
        return self._matches(parsed, filters, offset, limit)[0]

    def index_version(self) -> object:
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_value, is_called FROM search_version")
            return cursor.fetchone()

    def entry_rows(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT key, city, province, year, types, statuses FROM search_entry ORDER BY key")
            yield from cursor


def signature(parsed: ParsedQuery, filters: SearchFilters) -> tuple:
    return (parsed, tuple(vars(filters).items()))


def tsquery_text(parsed: ParsedQuery, filters: SearchFilters) -> str:
    """The GIN part of a query (every user-derived token went through escape_tsquery)."""
    return pg_query.plan(parsed, filters).tsquery
