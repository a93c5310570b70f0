"""/types/<slug>/: what every city has done of one measure type ("what have others done about
screening?"), and /types/<slug>/?city=… for all of one city's.

The overview shows, per city, its newest few measures of the type with a link to the rest:
a type can have 60,000 measures at 20k replies, and listing (or even sorting) all of them
for every visit cost more than the page may. Each city's newest measures are one small
indexed lookup (its replies newest first, their measures, stop after a few), all cities of a
page in one UNION ALL statement.
"""
from __future__ import annotations

from django.db import connection
from django.http import Http404

from archive.exports_web import PageContent
from archive.models import Measure, MeasureType, Reply
from archive.pages.cache import cached
from archive.pages.paging import paginate
from archive.pages.queries import (
    TYPE_LABELS,
    only_visible,
    visible_clause,
    visible_replies,
)
from archive.pages.tables import measure_table

PER_CITY = 5  # measures shown per city on the overview
CITIES_PER_PAGE = 30  # cities per overview page (SQLite allows 500 SELECTs in one UNION)
MEASURES_PER_PAGE = 100  # one city's measures per page
MEASURE_FIELDS = (
    "id", "heading", "status", "order", "reply__id", "reply__title", "reply__source_file", "reply__city",
    "reply__year", "reply__date",
)


def type_places(user) -> list[tuple[str, str]]:
    """(province, city) of every visible reply, ordered, cities without a name included."""
    def compute() -> list[tuple[str, str]]:
        rows = visible_replies(user).order_by("province", "city").values_list("province", "city").distinct()
        return list(rows)

    return cached("type-places", user, compute)


def newest_per_city(user, slug: str, cities: list[str], limit: int) -> list[tuple[str, int]]:
    """(city, measure id): each city's newest `limit` measures of the type, one statement.

    Each part walks one city's replies newest first (reply city+date index), their measures
    (reply+status+order index) and checks the type (measure+slug index), stopping after
    `limit`. CROSS JOIN fixes that order on SQLite: left to itself, without statistics, the
    planner starts from the type and reads thousands of wide reply rows. Django cannot
    slice the parts of a UNION on SQLite, hence the SQL by hand.
    """
    if not cities:
        return []
    parts, params = [], []
    for i, city in enumerate(cities):
        sql, part_params = city_type_sql(user, slug, city, limit)
        parts.append(f"SELECT * FROM ({sql}) AS part{i}")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def city_type_sql(user, slug: str, city: str, limit: int | None = None) -> tuple[str, list]:
    """SQL for (city, measure id) of the visible measures of type `slug` in `city`, newest
    reply first, in text order (see newest_per_city for why the joins are spelled out)."""
    q = connection.ops.quote_name
    reply, measure, mtype = (q(model._meta.db_table) for model in (Reply, Measure, MeasureType))
    visibility, visibility_params = visible_clause(user)
    sql = (
        f"SELECT r.{q('city')}, m.{q('id')} FROM {reply} r CROSS JOIN {measure} m "
        f"CROSS JOIN {mtype} t WHERE r.{q('city')} = %s AND m.{q('reply_id')} = r.{q('id')} "
        f"AND t.{q('measure_id')} = m.{q('id')} AND t.{q('slug')} = %s{visibility} "
        f"ORDER BY r.{q('date')} DESC, r.{q('id')} DESC, m.{q('order')}"
    )
    params = [city, slug, *visibility_params]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    return sql, params


def city_type_ids(user, slug: str, city: str) -> list[int]:
    sql, params = city_type_sql(user, slug, city)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [measure_id for _, measure_id in cursor.fetchall()]


def load_measures(ids: list[int]) -> list[Measure]:
    """The measures with these ids, in this order, with reply and types loaded."""
    loaded = Measure.objects.filter(pk__in=ids).select_related("reply").prefetch_related("types").only(*MEASURE_FIELDS)
    by_id = {m.pk: m for m in loaded}
    return [by_id[i] for i in ids if i in by_id]


def type_total(user, slug: str) -> int:
    return only_visible(MeasureType.objects.filter(slug=slug), user, "measure__reply").count()


def type_overview_content(user, slug: str, page_number: int) -> PageContent:
    places = type_places(user)
    page, info = paginate(places, page_number, CITIES_PER_PAGE)
    cities = [city for _, city in page.object_list]
    rows = newest_per_city(user, slug, cities, PER_CITY + 1)
    shown: dict[str, list[int]] = {}
    for city, measure_id in rows:
        shown.setdefault(city, []).append(measure_id)
    more = {city for city, ids in shown.items() if len(ids) > PER_CITY}
    ids = [i for city in cities for i in shown.get(city, [])[:PER_CITY]]
    table = measure_table(load_measures(ids), "measures", f"{TYPE_LABELS[slug]}类措施")
    groups = [
        {"city": city, "rows": [r for r in table.rows if r["city"] == city], "more": city in more}
        for city in cities if city in shown
    ]
    total = type_total(user, slug)
    context = {"slug": slug, "label": TYPE_LABELS[slug], "page_info": info, "groups": groups, "total": total,
               "per_city": PER_CITY, "city": None}
    data = {"type": slug, "label": TYPE_LABELS[slug], "count": total, "per_city": PER_CITY,
            "pagination": info.as_dict()}
    return PageContent([table], context, data)


def type_city_content(user, slug: str, city: str, page_number: int) -> PageContent:
    page, info = paginate(city_type_ids(user, slug, city), page_number, MEASURES_PER_PAGE)
    if info.count == 0 and not visible_replies(user).filter(city=city).exists():
        raise Http404(f"档案中没有城市“{city}”的答复。")
    table = measure_table(load_measures(list(page.object_list)), "measures", f"{city}的{TYPE_LABELS[slug]}类措施")
    groups = [{"city": city, "rows": table.rows, "more": False}] if table.rows else []
    context = {"slug": slug, "label": TYPE_LABELS[slug], "page_info": info, "groups": groups, "total": info.count,
               "per_city": None, "city": city}
    data = {"type": slug, "label": TYPE_LABELS[slug], "city": city, "count": info.count,
            "pagination": info.as_dict()}
    return PageContent([table], context, data)


def type_content(user, slug: str, city: str | None, page_number: int) -> PageContent:
    if city is not None:
        return cached("type-city", user, lambda: type_city_content(user, slug, city, page_number), slug, city, page_number)
    return cached("type", user, lambda: type_overview_content(user, slug, page_number), slug, page_number)
