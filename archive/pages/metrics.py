"""The metrics explorer: filter metrics by type, unit, city and year; table plus two charts.

Metrics are compared like with like: the charts only ever add up one base unit (the one
chosen, or the most common one among the filtered metrics), summing normalised values
(260 万人 -> 2,600,000 人). The qualifier stays visible as a bound in the table.
"""
from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest, HttpResponse

from archive.choices import MeasureType as MeasureTypeChoice
from archive.export import decimal_text
from archive.exports_web import render_page
from archive.models import Metric
from archive.pages.errors import BadParameter, friendly_errors, page_param
from archive.pages.paging import paginate
from archive.pages.queries import visible_metrics
from archive.pages.tables import metric_table

PER_PAGE = 100
CHART_CITIES = 30

# The unit a metric is compared in: its base unit when normalised, else its own unit.
COMMON_UNIT = Coalesce(NullIf("base_unit", Value("")), "unit")
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
        return queryset.annotate(common_unit=COMMON_UNIT).filter(common_unit=value)


def form_error_text(form: forms.Form) -> str:
    return "；".join(f"{form.fields[name].label}：{'，'.join(errors)}" for name, errors in form.errors.items())


def chart_data(metrics: QuerySet[Metric], unit: str | None) -> dict:
    """Sums of normalised values in one unit, by city (bar) and by year (line)."""
    units = list(
        metrics.annotate(common_unit=COMMON_UNIT).values("common_unit").annotate(n=Count("id")).order_by("-n", "common_unit")
    )
    if not units:
        return {"unit": None, "units": [], "by_city": [], "by_year": []}
    chosen = unit or units[0]["common_unit"]
    same_unit = metrics.annotate(common_unit=COMMON_UNIT).filter(common_unit=chosen)
    by_city = (
        same_unit.values("reply__city").annotate(total=Sum(AMOUNT)).order_by("-total")[:CHART_CITIES]
    )
    by_year = same_unit.exclude(reply__year=None).values("reply__year").annotate(total=Sum(AMOUNT)).order_by("reply__year")
    return {
        "unit": chosen,
        "units": [row["common_unit"] for row in units],
        "by_city": [[row["reply__city"] or "未注明", float(row["total"] or 0)] for row in by_city],
        "by_year": [[row["reply__year"], float(row["total"] or 0)] for row in by_year],
        "by_city_text": [[row["reply__city"] or "未注明", decimal_text(row["total"])] for row in by_city],
    }


@friendly_errors
def metric_explorer(request: HttpRequest) -> HttpResponse:
    base = visible_metrics(request.user)
    params = request.GET.copy()
    for name in ("page", "format", "table"):
        params.pop(name, None)
    filterset = MetricFilter(params, queryset=base)
    if not filterset.is_valid():
        raise BadParameter(form_error_text(filterset.form))
    metrics = filterset.qs
    chosen_unit = filterset.form.cleaned_data.get("unit") or None
    chart = chart_data(metrics, chosen_unit)
    rows = metrics.select_related("reply", "measure").order_by("-reply__year", "reply__city", "reply_id", "position")
    page, info = paginate(rows, page_param(request), PER_PAGE)
    table = metric_table(page.object_list)
    units = list(
        base.annotate(common_unit=COMMON_UNIT).values_list("common_unit", flat=True).distinct().order_by("common_unit")
    )
    context = {
        "filterset": filterset,
        "page_info": info,
        "chart": chart,
        "units": units,
        "type_choices": MeasureTypeChoice.choices,
    }
    data = {"filters": {k: v for k, v in filterset.form.cleaned_data.items() if v not in (None, "")},
            "pagination": info.as_dict(), "chart": {k: chart[k] for k in ("unit", "by_city", "by_year")}}
    return render_page(request, "archive/metrics.html", context, [table], "metrics", data)
