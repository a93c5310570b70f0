"""/search/: results with highlighted snippets and matching measures, facets, filter chips.

`ReplyFilter` (archive/filters.py) validates the parameters and asks the search backend;
this view only turns the results into a page. The search state lives in the query
string, so every link here (facet, chip, sort, page) is the current URL with one change.
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString, mark_safe

from archive.choices import MeasureType as MeasureTypeChoice
from archive.exports_web import Column, Table, escape, render_page
from archive.filters import ReplyFilter
from archive.pages.errors import BadParameter, friendly_errors
from archive.pages.paging import info_for
from archive.pages.queries import (
    REPLY_LIST_FIELDS,
    STATUS_LABELS,
    TYPE_LABELS,
    visible_replies,
)
from archive.pages.tables import reply_title
from archive.search import get_backend
from archive.search.base import SearchFilters

FACETS = [("city", "城市"), ("province", "省份"), ("year", "年份"), ("type", "措施类型"), ("status", "措施状态")]
FACET_LABELS = dict(FACETS)
VALUE_LABELS = {"type": TYPE_LABELS, "status": STATUS_LABELS}
FACET_VALUES_SHOWN = 15
# Parameters a changed filter makes stale (as archive_extras.with_param): back to page 1, HTML.
RESET_ON_CHANGE = ("page", "format", "table")


def display_value(name: str, value) -> str:
    return VALUE_LABELS.get(name, {}).get(str(value), str(value))


def measure_items(links: list[dict]) -> SafeString:
    """A result's matching measures as <li> items, every value escaped. Built here: nested
    template loops over 20 results' measures cost more than the search itself."""
    return mark_safe("".join(
        f'<li><a href="{escape(m["url"])}" class="measure-hit">{escape(m["heading"])}</a> '
        f'<span class="badge status-{escape(m["status"])}">{escape(m["status_label"])}</span></li>'
        for m in links
    ))


def result_table(hits, replies: dict, query: str) -> Table:
    columns = [
        Column("title", "标题", link="url"),
        Column("bureau", "承办单位"),
        Column("city", "城市"),
        Column("year", "年份"),
        Column("date", "答复日期"),
        Column("snippet", "摘要", html=True),
        Column("measures", "相关措施"),
    ]
    suffix = f"?{urlencode({'q': query})}" if query else ""
    rows = []
    for hit in hits:
        reply = replies.get(hit.reply_id)
        if reply is None:  # indexed but since hidden or deleted
            continue
        url = reply.get_absolute_url() + suffix
        rows.append(
            {
                "id": reply.pk,
                "title": reply_title(reply),
                "url": url,
                "bureau": reply.bureau,
                "city": reply.city,
                "year": reply.year,
                "date": reply.date.isoformat() if reply.date else "",
                "snippet": hit.snippet,
                "measures": [f"{m.heading}（{STATUS_LABELS.get(m.status, m.status)}）" for m in hit.measures],
                "measure_links": [
                    {"heading": m.heading, "status": m.status, "status_label": STATUS_LABELS.get(m.status, m.status),
                     "url": f"{url}#measure-{m.id}"}
                    for m in hit.measures
                ],
            }
        )
        rows[-1]["measure_items"] = measure_items(rows[-1]["measure_links"])
    return Table("results", "检索结果", columns, rows)


def facet_groups(facets: dict, active: dict, request: HttpRequest | None = None) -> list[dict]:
    """Facet values with their links (this search with the value set, or with the active one
    removed), built here: a template tag per link costs more than the search's own queries."""
    kept = [] if request is None else [
        (k, v) for k, values in request.GET.lists() for v in values if k not in RESET_ON_CHANGE
    ]
    path = request.path if request is not None else "/search/"

    def link(params: list[tuple[str, str]]) -> str:
        return f"{path}?{urlencode(params)}" if params else path

    groups = []
    for name, label in FACETS:
        values = facets.get(name) or []
        if not values:
            continue
        others = [(k, v) for k, v in kept if k != name]
        groups.append(
            {
                "name": name,
                "label": label,
                "values": [
                    {"value": str(v), "label": display_value(name, v), "count": n,
                     "active": (is_active := str(active.get(name) or "") == str(v)),
                     "url": link(others) if is_active else link([*others, (name, str(v))])}
                    for v, n in values[:FACET_VALUES_SHOWN]
                ],
            }
        )
    return groups


def active_filters(cleaned: dict) -> list[dict]:
    return [
        {"name": name, "label": label, "value": cleaned[name], "display": display_value(name, cleaned[name])}
        for name, label in FACETS
        if cleaned.get(name) not in (None, "")
    ]


def count_without_filters(query: str, user) -> int:
    """How many replies the query finds with no filters: the "drop the filters" suggestion."""
    filters = SearchFilters(include_private=bool(getattr(user, "is_staff", False)))
    return get_backend().search(query, filters, page=1, page_size=1).count


@friendly_errors
def search(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    for name in ("format", "table"):
        params.pop(name, None)
    filterset = ReplyFilter(params, queryset=visible_replies(request.user))
    if not filterset.is_valid():
        raise BadParameter("；".join(f"{filterset.form.fields[n].label}：{'，'.join(e)}" for n, e in filterset.form.errors.items()))
    cleaned = filterset.form.cleaned_data
    query = filterset.query_text
    results = filterset.search(request.user)
    info = info_for(results.count, filterset.page_number, filterset.per_page)  # 404 past the end
    ids = [hit.reply_id for hit in results.hits]
    replies = visible_replies(request.user).only(*REPLY_LIST_FIELDS).in_bulk(ids)
    table = result_table(results.hits, replies, query)
    chips = active_filters(cleaned)
    unfiltered = count_without_filters(query, request.user) if results.count == 0 and chips and query else None
    context = {
        "query": query,
        "results": results,
        "page_info": info,
        "facets": facet_groups(results.facets, cleaned, request),
        "chips": chips,
        "sort": filterset.sort_order,
        "unfiltered_count": unfiltered,
        "count_capped": getattr(results, "count_capped", False),
        "relaxed_terms": getattr(results, "relaxed_terms", []),
        "type_choices": MeasureTypeChoice.choices,
    }
    data = {
        "query": query,
        "count": results.count,
        "filters": {c["name"]: c["value"] for c in chips},
        "sort": filterset.sort_order,
        "pagination": info.as_dict(),
        "facets": {name: [[v, n] for v, n in values] for name, values in (results.facets or {}).items()},
        "synonyms_applied": results.synonyms_applied,
    }
    return render_page(request, "archive/search.html", context, [table], "search", data)
