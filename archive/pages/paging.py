"""Pagination for list pages; a page past the end is a friendly 404, not an empty page."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import Http404


@dataclass
class PageInfo:
    number: int
    num_pages: int
    count: int
    per_page: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def window(self) -> list[int]:
        """Page numbers to offer around the current one."""
        low = max(1, self.number - 3)
        high = min(self.num_pages, self.number + 3)
        return list(range(low, high + 1))

    def as_dict(self) -> dict:
        return {"page": self.number, "pages": self.num_pages, "count": self.count, "per_page": self.per_page}


def paginate(items, number: int, per_page: int) -> tuple[Page, PageInfo]:
    paginator = Paginator(items, per_page)
    num_pages = max(paginator.num_pages, 1)
    if number > num_pages:
        raise Http404(f"没有第 {number} 页，共 {num_pages} 页。")
    page = paginator.page(number) if paginator.count else paginator.page(1)
    return page, PageInfo(number, num_pages, paginator.count, per_page)


def info_for(count: int, number: int, per_page: int) -> PageInfo:
    """PageInfo for results counted elsewhere (the search backend)."""
    num_pages = max(1, -(-count // per_page))
    if number > num_pages:
        raise Http404(f"没有第 {number} 页，共 {num_pages} 页。")
    return PageInfo(number, num_pages, count, per_page)
