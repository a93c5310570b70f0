"""The metrics explorer: filter metrics by type, unit, city and year; table plus two charts.

Metrics are compared like with like: the charts only ever add up one base unit (the one
chosen, or the most common one among the filtered metrics), summing normalised values
(260 万人 -> 2,600,000 人). The qualifier stays visible as a bound in the table.
"""
from __future__ import annotations

from collections import defaultdict

import django_filters
from django import forms
from django.db.models import Count, DecimalField, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse

from archive.choices import MeasureType as MeasureTypeChoice
from archive.exports_web import PageContent, render_content
from archive.models import Metric
from archive.pages.cache import cached
from archive.pages.errors import BadParameter, friendly_errors, page_param
from archive.pages.paging import PageInfo, paginate
from archive.pages.queries import newest_metrics, reply_places, visible_metrics
from archive.pages.tables import metric_table

PER_PAGE = 100
CHART_CITIES = 30

# Metrics are compared in their base unit (260 万人 -> 人); the base_unit index serves the
# unit filter and the unit counts. A metric without one is listed but never summed.
AMOUNT = Coalesce("normalized_value", "value", output_field=DecimalField(max_digits=24, decimal_places=4))


class MetricFilter(django_filters.FilterSet):
    """The one description of what /metrics/ accepts."""

    type = django_filters.ChoiceFilter(
        label="措施类型", choices=MeasureTypeChoice.choices, method="filter_type", empty_label="全部"
    )
    unit = django_filters.CharFilter(label="单位", method="filter_unit", max_length=20)
    city = django_filters.CharFilter(label="城市", field_name="reply__city", max_length=100)
    year = django_filters.NumberFilter(
        label="年份", field_name="reply__year", min_value=1949, max_value=2100
    )

    class Meta:
        model = Metric
        fields: tuple[str, ...] = ()

    def filter_type(self, queryset: QuerySet[Metric], name: str, value: str) -> QuerySet[Metric]:
        return queryset.filter(measure__types__slug=value).distinct()

    def filter_unit(self, queryset: QuerySet[Metric], name: str, value: str) -> QuerySet[Metric]:
        return queryset.filter(base_unit=value)


def form_error_text(form: forms.Form) -> str:
    return "；".join(f"{form.fields[name].label}：{'，'.join(errors)}" for name, errors in form.errors.items())


def chart_data(user, metrics: QuerySet[Metric], unit: str | None) -> dict:
    """Sums of normalised values in one unit, by city (bar) and by year (line).

    Summed per reply inside the metric table, then per city and year through
    `reply_places`, so no metric row has to join the (wide) reply table.
    """
    units = list(
        metrics.exclude(base_unit="").values("base_unit").annotate(n=Count("id")).order_by("-n", "base_unit")
    )
    if not units:
        return {"unit": None, "units": [], "by_city": [], "by_year": []}
    chosen = unit or units[0]["base_unit"]
    per_reply = metrics.filter(base_unit=chosen).values_list("reply_id").annotate(total=Sum(AMOUNT)).order_by()
    places = reply_places(user)
    by_city: dict[str, float] = defaultdict(float)
    by_year: dict[int, float] = defaultdict(float)
    for reply_id, total in per_reply:
        if reply_id not in places or total is None:
            continue
        _, city, year = places[reply_id]
        by_city[city or "未注明"] += float(total)
        if year is not None:
            by_year[year] += float(total)
    top_cities = sorted(by_city.items(), key=lambda item: (-item[1], item[0]))[:CHART_CITIES]
    return {
        "unit": chosen,
        "units": [row["base_unit"] for row in units],
        "by_city": [[city, total] for city, total in top_cities],
        "by_year": [[year, by_year[year]] for year in sorted(by_year)],
    }


def metric_page(metrics: QuerySet[Metric], page_number: int) -> tuple[list[Metric], PageInfo]:
    _, info = paginate(metrics.values_list("id", flat=True), page_number, PER_PAGE)
    start = (info.number - 1) * PER_PAGE
    return newest_metrics(metrics, start, start + PER_PAGE), info


def explorer_content(user, filters: dict, page_number: int) -> PageContent:
    base = visible_metrics(user)
    filterset = MetricFilter(filters, queryset=base)
    filterset.is_valid()
    metrics = filterset.qs
    chart = chart_data(user, metrics, filters.get("unit") or None)
    rows, info = metric_page(metrics, page_number)
    units = list(base.exclude(base_unit="").values_list("base_unit", flat=True).distinct().order_by("base_unit"))
    cleaned = {k: v for k, v in filterset.form.cleaned_data.items() if v not in (None, "")}
    context = {"filters": cleaned, "page_info": info, "chart": chart, "units": units,
               "type_choices": MeasureTypeChoice.choices}
    data = {"filters": cleaned, "pagination": info.as_dict(),
            "chart": {k: chart[k] for k in ("unit", "by_city", "by_year")}}
    return PageContent([metric_table(rows)], context, data)


@friendly_errors
def metric_explorer(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    for name in ("page", "format", "table"):
        params.pop(name, None)
    filterset = MetricFilter(params, queryset=Metric.objects.none())
    if not filterset.is_valid():
        raise BadParameter(form_error_text(filterset.form))
    filters = {k: v for k, v in filterset.form.cleaned_data.items() if v not in (None, "")}
    number = page_param(request)
    content = cached(
        "metrics", request.user, lambda: explorer_content(request.user, filters, number), sorted(filters.items()), number
    )
    return render_content(request, "archive/metrics.html", content, "metrics")
