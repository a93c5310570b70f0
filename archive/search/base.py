"""The search interface every backend implements; views and the API use only this.

A backend provides four primitives (store a document, drop one, find a page of ids, count
facets). The shared flow here parses the query, retries with jieba words when an unquoted
term has no exact hit, and turns ids into hits with snippets and matching measures.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from archive.search.query import ParsedQuery, parse_query

# Above this many matches, ranking every one by BM25 costs more than it tells: the page
# is ordered newest first instead, and the count stops here (count_capped=True).
RANK_LIMIT = 2000
COUNT_LIMIT = 10000
FACET_NAMES = ("city", "province", "year", "type", "status")


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
    # True when count is a lower bound (more than COUNT_LIMIT matches).
    count_capped: bool = False
    # How the page was ordered: "relevance" (BM25) or "date" (asked for, or too many hits).
    ordered_by: str = "relevance"


@dataclass
class Page:
    """What a backend's find() returns: ids with scores, in order, and the count."""

    ids: list[tuple[int, float]]
    count: int
    count_capped: bool
    ordered_by: str


class SearchBackend:
    """Index replies and answer queries. Implementations: sqlite.py, postgres.py."""

    name = "base"

    def index_reply(self, reply) -> None:
        raise NotImplementedError

    def remove_reply(self, reply_id: int) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Drop every indexed document (rebuild_index starts here)."""
        raise NotImplementedError

    def optimize(self) -> None:
        """Compact the index after a bulk load (optional)."""

    def find(self, parsed: ParsedQuery, filters: SearchFilters, offset: int, limit: int, sort: str) -> Page:
        raise NotImplementedError

    def facet_counts(self, parsed: ParsedQuery, filters: SearchFilters) -> dict[str, list[tuple[str, int]]]:
        raise NotImplementedError

    def search(
        self, query: str, filters: SearchFilters, page: int = 1, page_size: int = 20, sort: str = "relevance"
    ) -> SearchResults:
        parsed = parse_query(query)
        if not parsed.groups and query.strip() and not parsed.excluded:
            # Only symbols or emoji: nothing searchable, so nothing found.
            return SearchResults(count=0, hits=[], facets={name: [] for name in FACET_NAMES})
        offset = (max(page, 1) - 1) * page_size
        found = self.find(parsed, filters, offset, page_size, sort)
        if found.count == 0:
            relaxed = parsed.relaxed()
            if relaxed is not None:
                parsed, found = relaxed, self.find(relaxed, filters, offset, page_size, sort)
        return SearchResults(
            count=found.count,
            hits=build_hits(found.ids, parsed),
            facets=self.facet_counts(parsed, filters),
            synonyms_applied=list(parsed.synonyms_applied),
            relaxed_terms=list(parsed.relaxed_terms),
            count_capped=found.count_capped,
            ordered_by=found.ordered_by,
        )

    def facets(self, query: str, filters: SearchFilters) -> dict[str, list[tuple[str, int]]]:
        return self.facet_counts(parse_query(query), filters)


def build_hits(ids: list[tuple[int, float]], parsed: ParsedQuery) -> list[Hit]:
    """Hits in the given order, with snippets and the measures that contain a query term."""
    from archive.models import Measure, Reply
    from archive.search.highlight import matching, snippet

    if not ids:
        return []
    reply_ids = [reply_id for reply_id, _ in ids]
    replies = Reply.objects.defer("raw_text").in_bulk(reply_ids)
    measures: dict[int, list[Measure]] = {}
    terms = parsed.highlight_terms
    if terms:
        for measure in Measure.objects.filter(reply_id__in=reply_ids).order_by("reply_id", "order"):
            measures.setdefault(measure.reply_id, []).append(measure)
    hits = []
    for reply_id, score in ids:
        reply = replies.get(reply_id)
        if reply is None:  # deleted between the index read and now
            continue
        matched = [
            MeasureHit(m.pk, m.heading, m.status)
            for m in measures.get(reply_id, [])
            if matching(m.heading + "\n" + m.text, terms)
        ]
        hits.append(Hit(reply_id, score, snippet(reply.text, terms), matched, reply))
    return hits


def facets_from_rows(rows) -> dict[str, list[tuple[str, int]]]:
    """Rows of (city, province, year, "type slugs", "status slugs", count) -> facet lists."""
    counters: dict[str, Counter] = {name: Counter() for name in FACET_NAMES}
    for city, province, year, types, statuses, n in rows:
        if city:
            counters["city"][city] += n
        if province:
            counters["province"][province] += n
        if year:
            counters["year"][str(year)] += n
        for slug in types.split():
            counters["type"][slug] += n
        for slug in statuses.split():
            counters["status"][slug] += n
    return {name: sorted_counts(counter, name) for name, counter in counters.items()}


def sorted_counts(counter: Counter, name: str) -> list[tuple[str, int]]:
    """Most frequent first; years newest first."""
    if name == "year":
        return sorted(counter.items(), key=lambda item: item[0], reverse=True)
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))
