"""Browse by city, by year and by measure type: the overview pages and one page per value.

Each view parses its parameters, then builds a `PageContent` through `cached` (the content
only changes with the data) and renders it as HTML, CSV or JSON.
"""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from archive.exports_web import Column, PageContent, Table, render_content
from archive.models import Measure, MeasureType
from archive.pages.cache import cached
from archive.pages.errors import friendly_errors, page_param
from archive.pages.paging import paginate
from archive.pages.queries import (
    TYPE_LABELS,
    cities_by_province,
    fetch_tuples,
    newest_metrics,
    reply_list,
    reply_places,
    type_counts,
    type_profile,
    visible_measures,
    visible_metrics,
    visible_replies,
    with_counts,
    years_overview,
)
from archive.pages.tables import measure_table, metric_table, reply_table

REPLIES_PER_PAGE = 50
MEASURES_PER_PAGE = 100
CITY_METRICS_SHOWN = 100


def profile_table(profile: dict, name: str = "profile", title: str = "措施类型分布") -> Table:
    """One row per measure type present: done, planned, total."""
    columns = [
        Column("type", "措施类型", link="url"),
        Column("done", "已落实", numeric=True),
        Column("planned", "计划中", numeric=True),
        Column("total", "合计", numeric=True),
    ]
    rows = [
        {
            "slug": slug,
            "type": label,
            "url": f"/types/{slug}/",
            "done": profile.get(slug, {}).get("done", 0),
            "planned": profile.get(slug, {}).get("planned", 0),
        }
        for slug, label in TYPE_LABELS.items()
        if slug in profile
    ]
    for row in rows:
        row["total"] = row["done"] + row["planned"]
    return Table(name, title, columns, rows)


def city_list_content(user) -> PageContent:
    rows = cities_by_province(user)
    for row in rows:
        row["url"] = f"/cities/{row['city']}/"
        row["province"] = row["province"] or "未注明省份"
    columns = [
        Column("province", "省份"),
        Column("city", "城市", link="url"),
        Column("replies", "答复数", numeric=True),
        Column("first_year", "最早年份"),
        Column("last_year", "最近年份"),
    ]
    return PageContent([Table("cities", "城市", columns, rows)])


@friendly_errors
def city_list(request: HttpRequest) -> HttpResponse:
    content = cached("cities", request.user, lambda: city_list_content(request.user))
    return render_content(request, "archive/city_list.html", content, "cities")


def city_content(user, city: str, page_number: int) -> PageContent:
    replies = visible_replies(user).filter(city=city)
    page, info = paginate(reply_list(replies), page_number, REPLIES_PER_PAGE)
    if info.count == 0:
        raise Http404(f"档案中没有城市“{city}”的答复。")
    reply_rows = with_counts(page.object_list)
    province = reply_rows[0].province
    profile = type_profile(visible_measures(user).filter(reply__city=city)).get(None, {})
    metrics = newest_metrics(visible_metrics(user).filter(reply__city=city), 0, CITY_METRICS_SHOWN)
    tables = [reply_table(reply_rows, "replies", f"{city}的答复"), profile_table(profile), metric_table(metrics)]
    context = {"city": city, "province": province, "page_info": info, "metrics_cap": CITY_METRICS_SHOWN}
    return PageContent(tables, context, {"city": city, "province": province, "pagination": info.as_dict()})


@friendly_errors
def city_detail(request: HttpRequest, city: str) -> HttpResponse:
    number = page_param(request)
    content = cached("city", request.user, lambda: city_content(request.user, city, number), city, number)
    return render_content(request, "archive/city_detail.html", content, f"city-{city}")


def year_list_content(user) -> PageContent:
    rows = years_overview(user)
    for row in rows:
        row["url"] = f"/years/{row['year']}/"
    columns = [
        Column("year", "年份", link="url"),
        Column("replies", "答复数", numeric=True),
        Column("cities", "城市数", numeric=True),
    ]
    return PageContent([Table("years", "年份", columns, rows)])


@friendly_errors
def year_list(request: HttpRequest) -> HttpResponse:
    content = cached("years", request.user, lambda: year_list_content(request.user))
    return render_content(request, "archive/year_list.html", content, "years")


def year_content(user, year: int, page_number: int) -> PageContent:
    replies = visible_replies(user).filter(year=year)
    page, info = paginate(reply_list(replies), page_number, REPLIES_PER_PAGE)
    if info.count == 0:
        raise Http404(f"档案中没有 {year} 年的答复。")
    profile = type_profile(visible_measures(user).filter(reply__year=year)).get(None, {})
    tables = [reply_table(with_counts(page.object_list), "replies", f"{year} 年的答复"), profile_table(profile)]
    return PageContent(tables, {"year": year, "page_info": info}, {"year": year, "pagination": info.as_dict()})


@friendly_errors
def year_detail(request: HttpRequest, year: str) -> HttpResponse:
    if not year.isdigit() or len(year) != 4:
        raise Http404(f"“{year[:20]}”不是有效的年份。")
    year = int(year)
    number = page_param(request)
    content = cached("year", request.user, lambda: year_content(request.user, year, number), year, number)
    return render_content(request, "archive/year_detail.html", content, f"year-{year}")


def type_list_content(user) -> PageContent:
    rows = type_counts(user)
    for row in rows:
        row["url"] = f"/types/{row['slug']}/"
    columns = [
        Column("label", "措施类型", link="url"),
        Column("measures", "措施数", numeric=True),
        Column("replies", "答复数", numeric=True),
        Column("cities", "城市数", numeric=True),
    ]
    return PageContent([Table("types", "措施类型", columns, rows)])


@friendly_errors
def type_list(request: HttpRequest) -> HttpResponse:
    content = cached("types", request.user, lambda: type_list_content(request.user))
    return render_content(request, "archive/type_list.html", content, "types")


def type_content(user, slug: str, page_number: int) -> PageContent:
    """All measures of one type, grouped by province and city, newest year first.

    Sorted in Python on (measure, reply) pairs and the reply places, so the database never
    sorts a join with the wide reply table; only the page's measures are then loaded.
    """
    places = reply_places(user)
    rows = MeasureType.objects.filter(slug=slug).values_list("measure_id", "measure__reply_id", "measure__order")
    pairs = [p for p in fetch_tuples(rows) if p[1] in places]

    def sort_key(pair):
        province, city, year = places[pair[1]]
        return (province, city, -(year or 0), pair[1], pair[2])

    pairs.sort(key=sort_key)
    page, info = paginate(pairs, page_number, MEASURES_PER_PAGE)
    ids = [measure_id for measure_id, _, _ in page.object_list]
    loaded = Measure.objects.filter(pk__in=ids).select_related("reply").prefetch_related("types").only(
        "id", "heading", "status", "reply__id", "reply__title", "reply__source_file", "reply__city", "reply__year"
    )
    by_id = {m.pk: m for m in loaded}
    table = measure_table([by_id[i] for i in ids if i in by_id], "measures", f"{TYPE_LABELS[slug]}类措施")
    context = {"slug": slug, "label": TYPE_LABELS[slug], "page_info": info}
    return PageContent([table], context, {"type": slug, "label": TYPE_LABELS[slug], "pagination": info.as_dict()})


@friendly_errors
def type_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in TYPE_LABELS:
        raise Http404(f"没有名为“{slug}”的措施类型。")
    number = page_param(request)
    content = cached("type", request.user, lambda: type_content(request.user, slug, number), slug, number)
    return render_content(request, "archive/type_detail.html", content, f"type-{slug}")
