"""Cities side by side (/compare/) and the city x year coverage matrix (/coverage/)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, HttpRequest, HttpResponse

from archive.exports_web import Column, PageContent, Table, render_content
from archive.models import Measure, Metric
from archive.pages.cache import TIMEOUT_SECONDS, cache_key, cached, page_cache
from archive.pages.errors import BadParameter, friendly_errors
from archive.pages.queries import (
    TYPE_LABELS,
    cities_by_province,
    coverage_matrix,
    place_profile,
    place_replies,
)

MAX_CITIES = 4
AMOUNT = Coalesce("normalized_value", "value", output_field=DecimalField(max_digits=24, decimal_places=4))
SHARED_METRICS_SHOWN = 60


def chosen_cities(request: HttpRequest) -> list[str]:
    cities = list(dict.fromkeys(c.strip() for c in request.GET.getlist("city") if c.strip()))
    if len(cities) > MAX_CITIES:
        raise BadParameter(f"最多同时对比 {MAX_CITIES} 个城市，您选了 {len(cities)} 个。")
    return cities


def city_facts(user, cities: list[str]) -> dict[str, dict | None]:
    """What /compare/ shows of each city, cached per city (and data version), so a pair of
    cities costs cache lookups once each city has been compared with any other; the cities
    not cached yet are computed together, one grouped query per kind of fact.

    None for a city with no visible reply. Plain dicts only (the cache pickles them).
    """
    store = page_cache()
    keys = {city: cache_key("compare-city", user, city) for city in cities}
    found = store.get_many(list(keys.values()))
    facts = {city: found[keys[city]] for city in cities if keys[city] in found}
    missing = [city for city in cities if city not in facts]
    if missing:
        computed = _city_facts(user, missing)
        store.set_many({keys[city]: computed[city] for city in missing}, TIMEOUT_SECONDS)
        facts.update(computed)
    return facts


def city_rows(user) -> list[dict]:
    """cities_by_province, cached per data version."""
    return cached("city-rows", user, lambda: cities_by_province(user))


def _city_facts(user, cities: list[str]) -> dict[str, dict | None]:
    replies: dict[str, int] = defaultdict(int)
    for row in city_rows(user):  # the city list's counts, cached: no query of its own
        if row["city"] in cities:
            replies[row["city"]] += row["replies"]
    statuses: dict[str, dict[str, int]] = defaultdict(dict)
    for city, status, n in per_city(cities, lambda city: (
        Measure.objects.filter(reply__in=place_replies(user, city=city)).values_list("status")
    )):
        statuses[city][status] = n
    unit = Coalesce(NullIf("base_unit", Value("")), "unit")
    metrics: dict[str, dict[tuple[str, str], tuple]] = defaultdict(dict)
    for city, label, common_unit, total, n in per_city(cities, lambda city: (
        Metric.objects.filter(reply__in=place_replies(user, city=city)).annotate(common_unit=unit)
        .values_list("label", "common_unit")
    ), total=Sum(AMOUNT)):
        metrics[city][(label, common_unit)] = (total, n)
    facts: dict[str, dict | None] = {}
    for city in cities:
        if not replies.get(city):
            facts[city] = None
            continue
        facts[city] = {
            "replies": replies[city],
            "done": statuses[city].get("done", 0),
            "planned": statuses[city].get("planned", 0),
            "metric_count": sum(n for _, n in metrics[city].values()),
            "profile": place_profile(user, city=city),  # shared with the city's own page
            "metrics": dict(metrics[city]),
        }
    return facts


def per_city(cities: list[str], rows: Callable[[str], QuerySet], **aggregates) -> list[tuple]:
    """(city, *group, *aggregates, n) for each city, from one UNION ALL statement.

    `rows(city)` is a values_list of the group columns. Each part groups one city's rows
    found through `reply_id IN (its replies)`, which reads only indexes; grouping all cities
    at once by the reply's city would join every row to the wide reply table instead.
    """
    parts = [
        rows(city).order_by().annotate(**aggregates, n=Count("id")).annotate(place=Value(city))
        for city in cities
    ]
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return [(row[-1], *row[:-1]) for row in union]


def summary_table(cities: list[str], facts: dict[str, dict]) -> Table:
    columns = [Column("city", "城市", link="url")] + [
        Column(key, label, numeric=True)
        for key, label in [("replies", "答复"), ("done", "已落实措施"), ("planned", "计划中措施"), ("metrics", "指标")]
    ]
    rows = [
        {
            "city": city,
            "url": f"/cities/{city}/",
            "replies": facts[city]["replies"],
            "done": facts[city]["done"],
            "planned": facts[city]["planned"],
            "metrics": facts[city]["metric_count"],
        }
        for city in cities
    ]
    return Table("summary", "概况", columns, rows)


def profile_table(cities: list[str], facts: dict[str, dict]) -> Table:
    columns = [Column("type", "措施类型", link="url")]
    for i, city in enumerate(cities):
        columns += [Column(f"done_{i}", f"{city} 已落实", numeric=True), Column(f"planned_{i}", f"{city} 计划中", numeric=True)]
    rows = []
    for slug, label in TYPE_LABELS.items():
        row = {"type": label, "url": f"/types/{slug}/"}
        for i, city in enumerate(cities):
            counts = facts[city]["profile"].get(slug, {})
            row[f"done_{i}"] = counts.get("done", 0)
            row[f"planned_{i}"] = counts.get("planned", 0)
        if any(row[f"{s}_{i}"] for s in ("done", "planned") for i in range(len(cities))):
            rows.append(row)
    return Table("profile", "措施类型分布", columns, rows)


def shared_metrics_table(cities: list[str], facts: dict[str, dict]) -> Table:
    """Metrics with the same label and base unit in at least two of the cities, summed per city."""
    groups: dict[tuple[str, str], dict[str, tuple]] = defaultdict(dict)
    for city in cities:
        for key, total_n in facts[city]["metrics"].items():
            groups[key][city] = total_n
    shared = sorted(
        ((key, per_city) for key, per_city in groups.items() if len(per_city) >= 2 and key[0]),
        key=lambda item: (-len(item[1]), item[0]),
    )[:SHARED_METRICS_SHOWN]
    columns = [Column("label", "指标"), Column("unit", "单位")] + [
        Column(f"total_{i}", f"{city} 合计", numeric=True) for i, city in enumerate(cities)
    ]
    table_rows = []
    for (label, common_unit), per_city in shared:
        row = {"label": label, "unit": common_unit}
        for i, city in enumerate(cities):
            total = per_city.get(city, (None, 0))[0]
            row[f"total_{i}"] = format(total.normalize(), "f") if total is not None else ""
        table_rows.append(row)
    return Table("metrics", "同单位指标", columns, table_rows)


def compare_content(user, cities: list[str]) -> PageContent:
    tables = []
    if cities:
        facts = city_facts(user, cities)
        missing = [c for c in cities if facts[c] is None]
        if missing:
            raise Http404(f"档案中没有城市“{'、'.join(missing)}”的答复。")
        tables = [summary_table(cities, facts), profile_table(cities, facts), shared_metrics_table(cities, facts)]
    options = list(dict.fromkeys(row["city"] for row in city_rows(user)))
    slots = [cities[i] if i < len(cities) else "" for i in range(min(max(len(cities) + 1, 3), MAX_CITIES))]
    return PageContent(tables, {"cities": cities, "options": options, "slots": slots}, {"cities": cities})


@friendly_errors
def compare(request: HttpRequest) -> HttpResponse:
    cities = chosen_cities(request)
    content = cached("compare", request.user, lambda: compare_content(request.user, cities), *cities)
    name = "compare-" + "-".join(cities) if cities else "compare"
    return render_content(request, "archive/compare.html", content, name)


def coverage_content(user) -> PageContent:
    years, matrix = coverage_matrix(user)
    columns = [Column("province", "省份"), Column("city", "城市", link="url")] + [
        Column(str(year), str(year), numeric=True) for year in years
    ]
    rows = []
    for entry in matrix:
        row = {"province": entry["province"], "city": entry["city"], "url": f"/cities/{entry['city']}/"}
        row.update({str(year): n for year, n in zip(years, entry["counts"])})
        rows.append(row)
    table = Table("coverage", "城市 × 年份", columns, rows)
    return PageContent([table], {"years": years, "matrix": matrix}, {"years": years})


@friendly_errors
def coverage(request: HttpRequest) -> HttpResponse:
    content = cached("coverage", request.user, lambda: coverage_content(request.user))
    return render_content(request, "archive/coverage.html", content, "coverage")
