"""The search interface every backend implements; views and the API use only this.

A backend provides four primitives (store a document, drop one, find a page of ids, count
facets). The shared flow here parses the query, retries with jieba words when an unquoted
term has no exact hit, and turns ids into hits with snippets and matching measures.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from archive.search.facets import FACET_NAMES, FacetCache
from archive.search.keys import reply_id_of
from archive.search.query import ParsedQuery, parse_query

# The newest MATCH_LIMIT matches are fetched once per query (a reverse scan of the
# date-ordered index key). When there are no more than that, count, BM25 ranking and facets
# are exact; beyond it the count is reported as "more than MATCH_LIMIT" (count_capped), the
# page is ordered newest first, and facets describe the newest MATCH_LIMIT matches.
MATCH_LIMIT = 2000


@dataclass
class SearchFilters:
    city: str | None = None
    province: str | None = None
    year: int | None = None
    type: str | None = None
    status: str | None = None
    include_private: bool = False


@dataclass
class MeasureHit:
    id: int
    heading: str
    status: str


@dataclass
class Hit:
    reply_id: int
    score: float
    snippet: str  # HTML: escaped text with the query terms in <mark>
    measures: list[MeasureHit] = field(default_factory=list)
    reply: object | None = None  # the Reply (without raw_text), for titles and links


@dataclass
class SearchResults:
    count: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    synonyms_applied: list[str] = field(default_factory=list)
    # Unquoted terms with no exact hit, searched as their jieba words instead.
    relaxed_terms: list[str] = field(default_factory=list)
    # True when there are more than MATCH_LIMIT matches: count is then MATCH_LIMIT, a lower bound.
    count_capped: bool = False
    # How the page was ordered: "relevance" (BM25) or "date" (asked for, or too many hits).
    ordered_by: str = "relevance"


class SearchBackend:
    """Index replies and answer queries. Implementations: sqlite.py, postgres.py."""

    name = "base"
    # SQL that marks the index as changed, so each worker's facet copy knows to reload.
    bump_version_sql = ""

    def index_reply(self, reply) -> None:
        """Index a reply, unless the index already holds exactly this version of it."""
        from django.db import connection, transaction

        from archive.search.documents import build_document

        doc = build_document(reply)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT fingerprint FROM search_entry WHERE reply_id = %s", [doc.reply_id])
            row = cursor.fetchone()
            if row and row[0] == doc.fingerprint:
                return
            self.write_document(cursor, doc, replacing=row is not None)
            cursor.execute(self.bump_version_sql)

    def index_replies(self, replies) -> None:
        """Index a batch of just-stored replies (load.py calls this once per batch).

        The default indexes them one by one; a backend may override it with a bulk path.
        """
        for reply in replies:
            self.index_reply(reply)

    def write_document(self, cursor, doc, replacing: bool) -> None:
        """Store one ReplyDocument in the index; replacing says an older version is there."""
        raise NotImplementedError

    def remove_reply(self, reply_id: int) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Drop every indexed document (rebuild_index starts here)."""
        raise NotImplementedError

    def optimize(self) -> None:
        """Compact the index after a bulk load (optional)."""

    def match_keys(self, parsed: ParsedQuery, filters: SearchFilters, limit: int) -> list[int]:
        """Index keys of the newest `limit` matches, newest first."""
        raise NotImplementedError

    def ranked_keys(self, parsed: ParsedQuery, filters: SearchFilters, offset: int, limit: int) -> list[tuple[int, float]]:
        """(key, score) by relevance (title and headings above body), ties newest first."""
        raise NotImplementedError

    def rank(
        self, parsed: ParsedQuery, filters: SearchFilters, keys: list[int], offset: int, limit: int
    ) -> list[tuple[int, float]] | None:
        """A page of the matches `keys` (all of them, at most MATCH_LIMIT) by relevance, as
        (key, score); None when the backend will not rank them (the page is then newest first).

        The default asks ranked_keys; a backend may use the keys it is given instead.
        """
        return self.ranked_keys(parsed, filters, offset, limit)

    def keys_by_date(self, parsed: ParsedQuery, filters: SearchFilters, offset: int, limit: int) -> list[int]:
        """A page of matches newest first, for pages beyond the first MATCH_LIMIT."""
        raise NotImplementedError

    def index_version(self) -> object:
        """A value that changes whenever the index changes (see facets.py)."""
        raise NotImplementedError

    def entry_rows(self):
        """(key, city, province, year, "type slugs", "status slugs") of every indexed reply."""
        raise NotImplementedError

    def warm_up(self) -> None:
        """Load now what a process's first search would otherwise load while a user waits:
        the jieba dictionary and the facet copy (gunicorn.conf.py calls this as each worker
        starts, before it takes requests)."""
        from archive.search.tokenize import jieba_tokenizer

        jieba_tokenizer()
        if not hasattr(self, "_facet_cache"):
            self._facet_cache = FacetCache()
        self._facet_cache.refresh(self)

    def facet_counts(self, keys: list[int]) -> dict[str, list[tuple[str, int]]]:
        if not keys:
            return empty_facets()
        if not hasattr(self, "_facet_cache"):
            self._facet_cache = FacetCache()
        return self._facet_cache.counts(self, keys)

    def search(
        self, query: str, filters: SearchFilters, page: int = 1, page_size: int = 20, sort: str = "relevance"
    ) -> SearchResults:
        parsed = parse_query(query)
        if not parsed.groups and query.strip() and not parsed.excluded:
            # Only symbols or emoji: nothing searchable, so nothing found.
            return SearchResults(count=0, hits=[], facets=empty_facets())
        keys = self.match_keys(parsed, filters, MATCH_LIMIT + 1)
        if not keys:
            relaxed = parsed.relaxed()
            if relaxed is not None:
                parsed, keys = relaxed, self.match_keys(relaxed, filters, MATCH_LIMIT + 1)
        capped = len(keys) > MATCH_LIMIT
        keys = keys[:MATCH_LIMIT]
        offset = (max(page, 1) - 1) * page_size
        scored = None
        if sort != "date" and not capped and parsed.groups:
            scored = self.rank(parsed, filters, keys, offset, page_size)
        ranked = scored is not None
        if scored is None:
            if not capped or offset + page_size <= len(keys):  # the page is within the keys read
                scored = [(key, 0.0) for key in keys[offset : offset + page_size]]
            else:
                scored = [(key, 0.0) for key in self.keys_by_date(parsed, filters, offset, page_size)]
        return SearchResults(
            count=len(keys),
            hits=build_hits([(reply_id_of(key), score) for key, score in scored], parsed),
            facets=self.facet_counts(keys),
            synonyms_applied=list(parsed.synonyms_applied),
            relaxed_terms=list(parsed.relaxed_terms),
            count_capped=capped,
            ordered_by="relevance" if ranked else "date",
        )

    def facets(self, query: str, filters: SearchFilters) -> dict[str, list[tuple[str, int]]]:
        keys = self.match_keys(parse_query(query), filters, MATCH_LIMIT)
        return self.facet_counts(keys)


def empty_facets() -> dict[str, list[tuple[str, int]]]:
    return {name: [] for name in FACET_NAMES}


# The columns a hit needs: the API's fields and the text for snippets. (Columns whose raw
# value needs a converter, such as date, are left deferred: they load when asked for.)
HIT_REPLY_FIELDS = ("id", "source_file", "city", "province", "year", "title", "bureau", "text")


def hit_replies(reply_ids: list[int]) -> dict:
    """Replies by id with only HIT_REPLY_FIELDS loaded: one plain SELECT (a quarter of the
    cost of the ORM's in_bulk for a page of 20)."""
    from django.db import connection

    from archive.models import Reply

    quote = connection.ops.quote_name
    # from_db wants the values in the model's field order.
    names = [f.attname for f in Reply._meta.concrete_fields if f.attname in HIT_REPLY_FIELDS]
    columns = ", ".join(quote(name) for name in names)
    marks = ", ".join(["%s"] * len(reply_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {quote(Reply._meta.db_table)} WHERE id IN ({marks})", reply_ids)
        rows = cursor.fetchall()
    return {row[0]: Reply.from_db(connection.alias, names, row) for row in rows}


def build_hits(ids: list[tuple[int, float]], parsed: ParsedQuery) -> list[Hit]:
    """Hits in the given order, with snippets and the measures that contain a query term.

    Two queries per page: the replies (only the columns a hit shows) and their measures as
    plain tuples (a page has ~200 measures; model instances for them cost more than the rest
    of the page).
    """
    from archive.search.highlight import Highlighter

    if not ids:
        return []
    reply_ids = [reply_id for reply_id, _ in ids]
    replies = hit_replies(reply_ids)
    measures: dict[int, list[tuple]] = {}
    terms = parsed.highlight_terms
    highlighter = Highlighter(terms)
    if terms and highlighter.pattern is not None:
        for reply_id, *measure in measure_rows(reply_ids):
            measures.setdefault(reply_id, []).append(measure)
    texts = measure_texts([
        m[0] for reply_id, found in measures.items() if reply_id in replies
        for m in found if not has_span(m, replies[reply_id].text)
    ])
    hits = []
    for reply_id, score in ids:
        reply = replies.get(reply_id)
        if reply is None:  # deleted between the index read and now
            continue
        found = measures.get(reply_id, [])
        matched = [
            MeasureHit(pk, heading, status)
            for pk, heading, status, start, end in found
            if measure_matches(highlighter, reply.text, heading, start, end, texts.get(pk))
        ]
        hits.append(Hit(reply_id, score, highlighter.snippet(reply.text), matched, reply))
    return hits


def measure_rows(reply_ids: list[int]) -> list[tuple]:
    """(reply_id, id, heading, status, span_start, span_end) of the replies' measures, in order."""
    from django.db import connection

    from archive.models import Measure

    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(reply_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT reply_id, id, heading, status, span_start, span_end FROM {quote(Measure._meta.db_table)} "
            f"WHERE reply_id IN ({marks}) ORDER BY reply_id, {quote('order')}, id",
            reply_ids,
        )
        return cursor.fetchall()


def has_span(measure: tuple, reply_text: str) -> bool:
    start, end = measure[3], measure[4]
    return start is not None and end is not None and 0 <= start < end <= len(reply_text)


def measure_texts(ids: list[int]) -> dict[int, str]:
    """Texts of the (rare) measures without a usable span in their reply's text."""
    from archive.models import Measure

    if not ids:
        return {}
    return dict(Measure.objects.filter(pk__in=ids).values_list("id", "text"))


def measure_matches(highlighter, reply_text: str, heading: str, start, end, text: str | None) -> bool:
    """Search the measure's span of the (cached, folded) reply text; its own text if no span."""
    if start is not None and end is not None and 0 <= start < end <= len(reply_text):
        if highlighter.matches(reply_text, start, end):
            return True
        # The heading may sit just before the span; check it on its own.
        return highlighter.matches(heading)
    return highlighter.matches(heading + "\n" + (text or ""))
