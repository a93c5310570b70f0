"""Table builders shared by the list pages: replies, metrics, measures.

Each takes rows already loaded with their relations (no queries inside the loops) and
returns an `archive.exports_web.Table`, which the page renders and exports alike.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from archive.export import decimal_text
from archive.exports_web import Column, Table
from archive.models import Measure, Metric, Reply
from archive.pages.queries import STATUS_LABELS, TYPE_LABELS

# The qualifier read as a bound on the true value (余/超过 = at least, 近 = just under, 约 = about).
QUALIFIER_BOUNDS: dict[str, str] = {
    "余": "至少",
    "超过": "至少",
    "以上": "至少",
    "不少于": "至少",
    "达": "至少",
    "近": "略低于",
    "约": "约等于",
}


def metric_value_text(metric: Metric) -> str:
    """'521', or '3–5' for a range."""
    low = decimal_text(metric.value)
    if metric.value_max is not None:
        return f"{low}–{decimal_text(metric.value_max)}"
    return low or ""


def reply_title(reply: Reply) -> str:
    return reply.title or reply.source_file


def reply_table(replies: Iterable[Reply], name: str = "replies", title: str = "答复") -> Table:
    """Replies annotated by `queries.reply_list` (measure_count, metric_count)."""
    columns = [
        Column("date", "答复日期", short=True),
        Column("title", "标题", link="url"),
        Column("bureau", "承办单位"),
        Column("city", "城市", short=True),
        Column("year", "年份", short=True),
        Column("measures", "措施数", numeric=True),
        Column("metrics", "指标数", numeric=True),
    ]
    rows = [
        {
            "id": r.pk,
            "date": r.date.isoformat() if r.date else "",
            "title": reply_title(r),
            "url": r.get_absolute_url(),
            "bureau": r.bureau,
            "city": r.city,
            "year": r.year,
            "measures": getattr(r, "measure_count", None),
            "metrics": getattr(r, "metric_count", None),
        }
        for r in replies
    ]
    return Table(name, title, columns, rows)


def metric_rows(metrics: Iterable[Metric]) -> list[dict]:
    """Metrics with select_related('reply', 'measure') as plain rows with a source link."""
    rows = []
    for m in metrics:
        normalized = m.normalized_value
        rows.append(
            {
                "id": m.pk,
                "city": m.reply.city,
                "year": m.reply.year,
                "label": m.label,
                "value": metric_value_text(m),
                "unit": m.unit,
                "qualifier": m.qualifier or "",
                "bound": QUALIFIER_BOUNDS.get(m.qualifier or "", "确数"),
                "normalized": decimal_text(normalized) if isinstance(normalized, Decimal) else "",
                "base_unit": m.base_unit or "",
                "measure": m.measure.heading if m.measure_id and m.measure else "",
                "reply": reply_title(m.reply),
                "url": f"{m.reply.get_absolute_url()}#metric-{m.pk}",
            }
        )
    return rows


def metric_table(metrics: Iterable[Metric], name: str = "metrics", title: str = "指标") -> Table:
    columns = [
        Column("city", "城市", short=True),
        Column("year", "年份", short=True),
        Column("label", "指标", link="url"),
        Column("value", "数值", numeric=True),
        Column("unit", "单位", short=True),
        Column("qualifier", "限定词", short=True),
        Column("bound", "含义", short=True),
        Column("normalized", "标准值", numeric=True),
        Column("base_unit", "基本单位", short=True),
        Column("measure", "所属措施"),
    ]
    return Table(name, title, columns, metric_rows(metrics))


def measure_table(measures: Iterable[Measure], name: str = "measures", title: str = "措施") -> Table:
    """Measures with select_related('reply') and prefetched types, as rows linking to their text."""
    columns = [
        Column("city", "城市", short=True),
        Column("year", "年份", short=True),
        Column("heading", "措施", link="url"),
        Column("status", "状态", short=True),
        Column("types", "类型"),
        Column("reply", "答复", link="reply_url"),
    ]
    rows = [
        {
            "id": m.pk,
            "city": m.reply.city,
            "year": m.reply.year,
            "heading": m.heading,
            "url": f"{m.reply.get_absolute_url()}#measure-{m.pk}",
            "status": STATUS_LABELS.get(m.status, m.status),
            "types": [TYPE_LABELS.get(t.slug, t.slug) for t in sorted(m.types.all(), key=lambda t: t.rank)],
            "reply": reply_title(m.reply),
            "reply_url": m.reply.get_absolute_url(),
        }
        for m in measures
    ]
    return Table(name, title, columns, rows)
