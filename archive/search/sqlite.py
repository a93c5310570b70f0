"""SQLite FTS5 backend, the query side: MATCH expressions, pages of keys, ranking.

A search is two MATCH statements: the newest 2,001 matching keys (count, facets, pages), then,
for at most 2,000 matches, bm25 over one token per term (rank_expression: FTS5's bm25 would
otherwise scan each whole phrase across the index for its IDF). One-character terms are
written as the OR of the tokens that start with them when vocabulary.py has a current list.
docs/search.md, "How a query runs on SQLite", has the figures.

The index tables and how documents are written and removed are in sqlite_index.py.
"""
from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable

from django.db import connection

from archive.search import sqlite_index
from archive.search.base import SearchBackend, SearchFilters
from archive.search.documents import wanted_tokens
from archive.search.query import ParsedQuery, Term, escape_fts
from archive.search.tokenize import CJK, Phrase
from archive.search.vocabulary import STATS_RELOAD_SECONDS, Vocabulary

TEXT_COLUMNS = "{title headings body}"
# bm25 weights: title, headings, body, filters. Headings and titles say what a reply is about.
BM25 = "bm25(search_fts, 8.0, 4.0, 1.0, 0.0)"
# Ranking reads, for each of its tokens, how many rows of the whole index contain it (bm25's
# IDF): about 4 ns per token instance on this machine. Beyond this many instances (≈ 25 ms)
# the page is ordered newest first instead (ordered_by="date"), as for more than MATCH_LIMIT
# matches. 学校 has 240,000 instances at 20,000 replies, 1.2 M at 100,000.
RANK_INSTANCE_BUDGET = 6_000_000

Expand = Callable[[str], list[str]]
# A token of CJK characters only: "心理", "心".
CJK_TOKEN = re.compile(f"[{CJK}]+")


def phrase_expression(phrase: Phrase, expand: Expand | None = None) -> str:
    """"心理" + "理健" + "健康" ; a one-character query ends in a prefix: "心"*, or, when the
    vocabulary is current, the OR of the tokens that start with it (see vocabulary.py)."""
    if expand is not None and phrase.prefix and len(phrase.tokens) == 1:
        return "(" + " OR ".join(escape_fts(token) for token in expand(phrase.tokens[0])) + ")"
    text = " + ".join(escape_fts(token) for token in phrase.tokens)
    return text + "*" if phrase.prefix else text


def in_text(expression: str, tokens: Iterable[str]) -> str:
    """The expression limited to the text columns — unless every token is CJK: filter tokens
    are ASCII, so a CJK token can only be in the text, and FTS5 matches a term without a
    column filter without reading its positions (twice as fast for a common word)."""
    if all(CJK_TOKEN.fullmatch(token) for token in tokens):
        return f"({expression})"
    return f"{TEXT_COLUMNS} : ({expression})"


def group_expression(group: tuple[Term, ...], expand: Expand | None = None) -> str:
    expression = " OR ".join(phrase_expression(term.phrase, expand) for term in group)
    return in_text(expression, [token for term in group for token in term.phrase.tokens])


def text_expression(tokens: list[str]) -> str:
    """Any of the tokens, in the text columns."""
    return in_text(" OR ".join(escape_fts(token) for token in tokens), tokens)


def filter_expression(filters: SearchFilters) -> str:
    return "filters : (" + " AND ".join(escape_fts(t) for t in wanted_tokens(filters)) + ")"


def match_expression(parsed: ParsedQuery, filters: SearchFilters, expand: Expand | None = None) -> str:
    """The whole MATCH string; every user-derived piece went through escape_fts."""
    tokens = wanted_tokens(filters)
    expression = filter_expression(filters)
    if parsed.groups:
        text = " AND ".join(group_expression(g, expand) for g in parsed.groups)
        # "doc" (every reply) is only needed when there is nothing else to match.
        expression = text if tokens == ["doc"] else f"({text}) AND ({expression})"
    for term in parsed.excluded:
        expression = f"({expression}) NOT {in_text(phrase_expression(term.phrase, expand), term.phrase.tokens)}"
    if not filters.include_private:
        expression = f'({expression}) NOT (filters : "private")'
    return expression


def has_lone_prefix(parsed: ParsedQuery) -> bool:
    terms = [term for group in parsed.groups for term in group] + list(parsed.excluded)
    return any(term.phrase.prefix and len(term.phrase.tokens) == 1 for term in terms)


def rank_tokens(term: Term, vocabulary: Vocabulary) -> list[str]:
    """The tokens a term is ranked by: its rarest bigram (a lone character: all its tokens).

    Within a word the rarest bigram rarely occurs anywhere else (效机 of 长效机制), so its
    count per reply is the word's count; for a one- or two-character term it is the term.
    """
    tokens = list(term.phrase.tokens)
    if term.phrase.prefix:
        last = tokens.pop()
        if not tokens:
            return vocabulary.tokens_starting_with(last)
    return [min(tokens, key=vocabulary.count)]


def rank_expression(
    parsed: ParsedQuery, filters: SearchFilters, vocabulary: Vocabulary, max_rows: int
) -> str | None:
    """A MATCH over single tokens that every match of the query also matches, so bm25 can
    score each match without scanning whole phrases; None when ranking would cost too much.

    Groups whose tokens are all in half the rows or more are left out when another group
    is left (and the rest still narrows the rows to about max_rows): bm25 gives them an IDF
    of 1e-6, so they do not change the order, while counting and scoring them is the most
    expensive part.
    """
    groups = [[token for term in group for token in rank_tokens(term, vocabulary)] for group in parsed.groups]
    weighty = [tokens for tokens in groups if not all(vocabulary.weightless(token) for token in tokens)]
    if weighty and min(sum(vocabulary.documents(t) for t in tokens) for tokens in weighty) <= max_rows:
        groups = weighty
    cost = sum(vocabulary.count(token) for tokens in groups for token in tokens)
    expression = " AND ".join(text_expression(tokens) for tokens in groups)
    if wanted_tokens(filters) != ["doc"]:
        expression = f"({expression}) AND ({filter_expression(filters)})"
    # Exclusions keep the rows close to the matches (心理 -家长: 5 matches, not every 心理).
    # No match contains an excluded phrase, nor any token of an excluded character, so these
    # NOTs never drop a match. bm25 counts these phrases too; a phrase costs ~8× a token.
    for term in parsed.excluded:
        tokens = list(term.phrase.tokens)
        if term.phrase.prefix and len(tokens) == 1:
            tokens = vocabulary.tokens_starting_with(tokens[0])
            expression = f"({expression}) NOT {text_expression(tokens)}"
        else:
            expression = f"({expression}) NOT {in_text(phrase_expression(term.phrase), tokens)}"
        cost += sum(vocabulary.count(token) for token in tokens) * (8 if len(term.phrase.tokens) > 1 else 1)
    if not groups or cost > RANK_INSTANCE_BUDGET:
        return None
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

    @property
    def vocabulary(self) -> Vocabulary:
        if not hasattr(self, "_vocabulary"):
            self._vocabulary = Vocabulary()
        return self._vocabulary

    def warm_up(self) -> None:
        """Also read the vocabulary (1–5 s at 20,000–100,000 replies) before any query needs it."""
        super().warm_up()
        self.vocabulary.refresh(self.index_version())

    def expansion(self, parsed: ParsedQuery) -> Expand | None:
        """How to write one-character terms: as the OR of their tokens when the vocabulary
        lists them all (unchanged index), else None (the "心"* prefix query)."""
        if not has_lone_prefix(parsed):
            return None
        version = self.index_version()
        self.vocabulary.refresh(version)
        return self.vocabulary.tokens_starting_with if self.vocabulary.is_current(version) else None

    def match_keys(self, parsed: ParsedQuery, filters: SearchFilters, limit: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s",
                [match_expression(parsed, filters, self.expansion(parsed)), limit],
            )
            return [key for (key,) in cursor.fetchall()]

    def rank(
        self, parsed: ParsedQuery, filters: SearchFilters, keys: list[int], offset: int, limit: int
    ) -> list[tuple[int, float]] | None:
        """Score the matches (keys) with bm25 over each term's rarest bigram, in one pass over
        the key range; None (newest first) when that would read too much of the index."""
        if not keys:
            return []
        self.vocabulary.refresh(self.index_version(), STATS_RELOAD_SECONDS)
        # The rank MATCH finds every match and maybe some rows where the bigrams are not
        # adjacent; rows beyond this many mean it is too loose to be worth scoring.
        cap = 2 * len(keys) + 1000
        expression = rank_expression(parsed, filters, self.vocabulary, cap)
        if expression is None:
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, -{BM25} FROM search_fts WHERE search_fts MATCH %s "
                "AND rowid >= %s AND rowid <= %s ORDER BY rowid DESC LIMIT %s",
                [expression, min(keys), max(keys), cap],
            )
            rows = cursor.fetchall()
        if len(rows) >= cap:
            return None
        wanted = set(keys)
        scored = [(float(score), key) for key, score in rows if key in wanted]
        # A match the rank MATCH missed (only possible for a one-character term written since
        # the vocabulary was read) goes last, unscored.
        missing = wanted.difference(key for _, key in scored)
        scored += [(0.0, key) for key in missing]
        # Best first, ties newest first: the largest (score, key) pairs.
        page = heapq.nlargest(offset + limit, scored)[offset:]
        return [(key, score) for score, key in page]

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
                [match_expression(parsed, filters, self.expansion(parsed)), limit, offset],
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
