"""Cities side by side (/compare/) and the city x year coverage matrix (/coverage/)."""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, DecimalField, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, HttpRequest, HttpResponse

from archive.exports_web import Column, PageContent, Table, render_content
from archive.pages.cache import cached
from archive.pages.errors import BadParameter, friendly_errors
from archive.pages.queries import (
    TYPE_LABELS,
    cities_by_province,
    coverage_matrix,
    type_profile,
    visible_measures,
    visible_metrics,
    visible_replies,
)

MAX_CITIES = 4
SHARED_METRICS_SHOWN = 60


def chosen_cities(request: HttpRequest) -> list[str]:
    cities = list(dict.fromkeys(c.strip() for c in request.GET.getlist("city") if c.strip()))
    if len(cities) > MAX_CITIES:
        raise BadParameter(f"最多同时对比 {MAX_CITIES} 个城市，您选了 {len(cities)} 个。")
    return cities


def summary_table(user, cities: list[str]) -> Table:
    replies = dict(
        visible_replies(user).filter(city__in=cities).values("city").annotate(n=Count("id")).values_list("city", "n")
    )
    missing = [c for c in cities if c not in replies]
    if missing:
        raise Http404(f"档案中没有城市“{'、'.join(missing)}”的答复。")
    measures = defaultdict(dict)
    for row in visible_measures(user).filter(reply__city__in=cities).values("reply__city", "status").annotate(n=Count("id")):
        measures[row["reply__city"]][row["status"]] = row["n"]
    metrics = dict(
        visible_metrics(user).filter(reply__city__in=cities).values("reply__city").annotate(n=Count("id"))
        .values_list("reply__city", "n")
    )
    columns = [Column("city", "城市", link="url")] + [
        Column(key, label, numeric=True)
        for key, label in [("replies", "答复"), ("done", "已落实措施"), ("planned", "计划中措施"), ("metrics", "指标")]
    ]
    rows = [
        {
            "city": city,
            "url": f"/cities/{city}/",
            "replies": replies.get(city, 0),
            "done": measures[city].get("done", 0),
            "planned": measures[city].get("planned", 0),
            "metrics": metrics.get(city, 0),
        }
        for city in cities
    ]
    return Table("summary", "概况", columns, rows)


def profile_table(user, cities: list[str]) -> Table:
    profile = type_profile(visible_measures(user).filter(reply__city__in=cities), by="reply__city")
    columns = [Column("type", "措施类型", link="url")]
    for i, city in enumerate(cities):
        columns += [Column(f"done_{i}", f"{city} 已落实", numeric=True), Column(f"planned_{i}", f"{city} 计划中", numeric=True)]
    rows = []
    for slug, label in TYPE_LABELS.items():
        row = {"type": label, "url": f"/types/{slug}/"}
        for i, city in enumerate(cities):
            counts = profile.get(city, {}).get(slug, {})
            row[f"done_{i}"] = counts.get("done", 0)
            row[f"planned_{i}"] = counts.get("planned", 0)
        if any(row[f"{s}_{i}"] for s in ("done", "planned") for i in range(len(cities))):
            rows.append(row)
    return Table("profile", "措施类型分布", columns, rows)


def shared_metrics_table(user, cities: list[str]) -> Table:
    """Metrics with the same label and base unit in at least two of the cities, summed per city."""
    amount = Coalesce("normalized_value", "value", output_field=DecimalField(max_digits=24, decimal_places=4))
    unit = Coalesce(NullIf("base_unit", Value("")), "unit")
    rows = (
        visible_metrics(user)
        .filter(reply__city__in=cities)
        .annotate(common_unit=unit)
        .values("label", "common_unit", "reply__city")
        .annotate(total=Sum(amount), n=Count("id"))
    )
    groups: dict[tuple[str, str], dict[str, tuple]] = defaultdict(dict)
    for row in rows:
        groups[(row["label"], row["common_unit"])][row["reply__city"]] = (row["total"], row["n"])
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
        tables = [summary_table(user, cities), profile_table(user, cities), shared_metrics_table(user, cities)]
    options = [row["city"] for row in cities_by_province(user)]
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
