"""The search interface every backend implements; views and the API use only this."""
from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class SearchResults:
    count: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    synonyms_applied: list[str] = field(default_factory=list)


class SearchBackend:
    """Index replies and answer queries. Implementations: sqlite.py, postgres.py."""

    def index_reply(self, reply) -> None:
        raise NotImplementedError

    def remove_reply(self, reply_id: int) -> None:
        raise NotImplementedError

    def search(
        self, query: str, filters: SearchFilters, page: int = 1, page_size: int = 20, sort: str = "relevance"
    ) -> SearchResults:
        raise NotImplementedError

    def facets(self, query: str, filters: SearchFilters) -> dict[str, list[tuple[str, int]]]:
        raise NotImplementedError
