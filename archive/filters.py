"""ReplyFilter: the one description of what /search/ and /api/search accept.

`filterset.form` validates every parameter (a bad one is a form error, shown on the page
or returned as a 400 by the API). `filterset.qs` is the plain database listing (no full
text); `filterset.search(user)` asks the search backend, which handles `q` and the facets.
"""
from __future__ import annotations

import re

import django_filters
from django import forms

from archive.choices import MeasureType, Status
from archive.models import Reply
from archive.search.base import SearchFilters, SearchResults

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

SORT_CHOICES = [("relevance", "相关度"), ("date", "日期（新→旧）")]


# Control characters other than tab/newline: "a\x00b", "\x08". They mean nothing in a
# query, Django refuses NUL and XML (the Atom feed) refuses them all.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(data):
    """Drop control characters from the parameters: any typed text is a query, never a 400/500."""
    if data is None or not any(CONTROL_CHARACTERS.search(value) for value in data.values()):
        return data
    cleaned = data.copy()
    for key in cleaned:
        if hasattr(cleaned, "setlist"):
            cleaned.setlist(key, [CONTROL_CHARACTERS.sub("", v) for v in data.getlist(key)])
        else:
            cleaned[key] = CONTROL_CHARACTERS.sub("", str(cleaned[key]))
    return cleaned


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ReplyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词", method="filter_text", strip=True
    )
    city = django_filters.CharFilter(label="城市", field_name="city", max_length=100)
    province = django_filters.CharFilter(label="省份", field_name="province", max_length=100)
    year = IntegerFilter(label="年份", field_name="year", min_value=1949, max_value=2100)
    type = django_filters.ChoiceFilter(
        label="措施类型",
        choices=MeasureType.choices,
        field_name="measures__types__slug",
        distinct=True,
        empty_label="全部",
    )
    status = django_filters.ChoiceFilter(
        label="措施状态",
        choices=Status.choices,
        field_name="measures__status",
        distinct=True,
        empty_label="全部",
    )
    sort = django_filters.ChoiceFilter(
        label="排序", choices=SORT_CHOICES, method="filter_nothing", empty_label=None
    )
    page = IntegerFilter(label="页码", method="filter_nothing", min_value=1, max_value=100_000)
    page_size = IntegerFilter(
        label="每页条数", method="filter_nothing", min_value=1, max_value=MAX_PAGE_SIZE
    )

    class Meta:
        model = Reply
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(without_control_characters(data), *args, **kwargs)

    def filter_text(self, queryset, name, value):
        """In .qs, q narrows by plain containment; real full-text search is .search()."""
        if not value:
            return queryset
        return queryset.filter(text__contains=value)

    def filter_nothing(self, queryset, name, value):
        """sort/page/page_size shape the result page; they do not filter rows."""
        return queryset

    def search_filters(self, include_private: bool) -> SearchFilters:
        data = self.form.cleaned_data
        return SearchFilters(
            city=data.get("city") or None,
            province=data.get("province") or None,
            year=data.get("year"),
            type=data.get("type") or None,
            status=data.get("status") or None,
            include_private=include_private,
        )

    @property
    def page_number(self) -> int:
        return self.form.cleaned_data.get("page") or 1

    @property
    def per_page(self) -> int:
        return self.form.cleaned_data.get("page_size") or DEFAULT_PAGE_SIZE

    @property
    def sort_order(self) -> str:
        return self.form.cleaned_data.get("sort") or "relevance"

    @property
    def query_text(self) -> str:
        return self.form.cleaned_data.get("q") or ""

    def search(self, user=None) -> SearchResults:
        """Run the validated query through the search backend; call only when is_valid()."""
        from archive.search import get_backend

        include_private = bool(user is not None and getattr(user, "is_staff", False))
        return get_backend().search(
            self.query_text,
            self.search_filters(include_private),
            page=self.page_number,
            page_size=self.per_page,
            sort=self.sort_order,
        )
