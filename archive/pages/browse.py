"""Browse by city, by year and by measure type: the overview pages and one page per value.

Each view parses its parameters, then builds a `PageContent` through `cached` (the content
only changes with the data) and renders it as HTML, CSV or JSON.
"""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from archive.exports_web import Column, PageContent, Table, render_content
from archive.pages.cache import cached
from archive.pages.errors import BadParameter, friendly_errors, page_param
from archive.pages.paging import paginate
from archive.pages.queries import (
    TYPE_LABELS,
    cities_by_province,
    newest_metrics,
    place_profile,
    place_replies,
    reply_list,
    type_counts,
    visible_metrics,
    visible_replies,
    with_counts,
    year_profile,
    years_overview,
)
from archive.pages.tables import metric_table, reply_table
from archive.pages.types import type_content

REPLIES_PER_PAGE = 50
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
    profile = place_profile(user, city=city)
    metrics = newest_metrics(visible_metrics(user).filter(reply__in=place_replies(user, city=city)), 0, CITY_METRICS_SHOWN)
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
    profile = year_profile(user, year)
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


@friendly_errors
def type_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in TYPE_LABELS:
        raise Http404(f"没有名为“{slug}”的措施类型。")
    number = page_param(request)
    city = request.GET["city"].strip() if "city" in request.GET else None
    if city is not None and len(city) > 100:
        raise BadParameter("城市名称过长。")
    content = type_content(request.user, slug, city, number)
    name = f"type-{slug}" if city is None else f"type-{slug}-{city}"
    return render_content(request, "archive/type_detail.html", content, name)
