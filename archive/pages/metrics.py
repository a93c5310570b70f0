"""The metrics explorer: filter metrics by type, unit, city and year; table plus two charts.

Metrics are compared like with like: the charts only ever add up one base unit (the one
chosen, or the most common one among the filtered metrics), summing normalised values
(260 万人 -> 2,600,000 人). The qualifier stays visible as a bound in the table.
"""
from __future__ import annotations

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
from archive.pages.paging import paginate
from archive.pages.queries import visible_metrics
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


def chart_data(metrics: QuerySet[Metric], unit: str | None) -> dict:
    """Sums of normalised values in one unit, by city (bar) and by year (line)."""
    units = list(
        metrics.exclude(base_unit="").values("base_unit").annotate(n=Count("id")).order_by("-n", "base_unit")
    )
    if not units:
        return {"unit": None, "units": [], "by_city": [], "by_year": []}
    chosen = unit or units[0]["base_unit"]
    same_unit = metrics.filter(base_unit=chosen)
    by_city = same_unit.values("reply__city").annotate(total=Sum(AMOUNT)).order_by("-total")[:CHART_CITIES]
    by_year = same_unit.exclude(reply__year=None).values("reply__year").annotate(total=Sum(AMOUNT)).order_by("reply__year")
    return {
        "unit": chosen,
        "units": [row["base_unit"] for row in units],
        "by_city": [[row["reply__city"] or "未注明", float(row["total"] or 0)] for row in by_city],
        "by_year": [[row["reply__year"], float(row["total"] or 0)] for row in by_year],
    }


def explorer_content(user, filters: dict, page_number: int) -> PageContent:
    base = visible_metrics(user)
    filterset = MetricFilter(filters, queryset=base)
    filterset.is_valid()
    metrics = filterset.qs
    chart = chart_data(metrics, filters.get("unit") or None)
    rows = metrics.select_related("reply", "measure").order_by("-reply_id", "position")
    page, info = paginate(rows, page_number, PER_PAGE)
    units = list(base.exclude(base_unit="").values_list("base_unit", flat=True).distinct().order_by("base_unit"))
    cleaned = {k: v for k, v in filterset.form.cleaned_data.items() if v not in (None, "")}
    context = {"filters": cleaned, "page_info": info, "chart": chart, "units": units,
               "type_choices": MeasureTypeChoice.choices}
    data = {"filters": cleaned, "pagination": info.as_dict(),
            "chart": {k: chart[k] for k in ("unit", "by_city", "by_year")}}
    return PageContent([metric_table(page.object_list)], context, data)


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
