"""Replies in the gold schema of ../shared/gold/seeds.json (schema 1), and as CSV rows."""
from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from archive.models import Measure, Metric, Reply

SCHEMA_VERSION = 1

HEADER_FIELDS = [
    "source_file", "sha256", "bureau", "city", "province", "doc_number", "session",
    "proposal_number", "proposer", "proposer_is_org", "title", "signer", "result_class",
    "public", "date", "year", "contact", "phone",
]


def with_export_relations(replies: QuerySet[Reply]) -> QuerySet[Reply]:
    """Prefetch what reply_to_dict reads, so exporting N replies costs a fixed number of queries."""
    return replies.prefetch_related(
        Prefetch("measures", queryset=Measure.objects.prefetch_related("types")),
        Prefetch("metrics", queryset=Metric.objects.select_related("measure")),
    )


def decimal_text(value: Decimal | None) -> str | None:
    """Decimal as the gold writes it: '260', '1.5', never '260.0000'."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def header_dict(reply: Reply) -> dict:
    row = {name: getattr(reply, name) for name in HEADER_FIELDS}
    row["date"] = reply.date.isoformat() if reply.date else None
    for name in ("bureau", "city", "province"):
        row[name] = row[name] or None
    return row


def reply_to_dict(reply: Reply) -> dict:
    measures = sorted(reply.measures.all(), key=lambda m: m.order)
    metrics = sorted(reply.metrics.all(), key=lambda m: m.position)
    metric_index = {metric.pk: i for i, metric in enumerate(metrics)}
    children: dict[int | None, list[Measure]] = {}
    for measure in measures:
        children.setdefault(measure.parent_id, []).append(measure)

    def measure_dict(measure: Measure) -> dict:
        return {
            "heading": measure.heading,
            "status": measure.status,
            "types": [t.slug for t in sorted(measure.types.all(), key=lambda t: t.rank)],
            "children": [measure_dict(c) for c in children.get(measure.pk, [])],
            "metrics": [metric_index[m.pk] for m in metrics if m.measure_id == measure.pk],
        }

    row = header_dict(reply)
    row["measures"] = [measure_dict(m) for m in children.get(None, [])]
    row["metrics"] = [
        {
            "value": decimal_text(m.value),
            "value_max": decimal_text(m.value_max),
            "unit": m.unit,
            "label": m.label,
            "qualifier": m.qualifier,
            "measure": m.measure.path if m.measure else None,
        }
        for m in metrics
    ]
    return row


def replies_document(replies: QuerySet[Reply]) -> dict:
    return {
        "schema": SCHEMA_VERSION,
        "replies": [reply_to_dict(r) for r in with_export_relations(replies.order_by("source_file", "id"))],
    }


CSV_COLUMNS = HEADER_FIELDS + ["measure_count", "metric_count"]


def reply_csv_rows(replies: QuerySet[Reply]):
    """One row per reply: header fields plus measure and metric counts."""
    from django.db.models import Count

    annotated = replies.annotate(
        measure_count=Count("measures", distinct=True), metric_count=Count("metrics", distinct=True)
    ).order_by("source_file", "id")
    for reply in annotated:
        row = header_dict(reply)
        row["measure_count"] = reply.measure_count
        row["metric_count"] = reply.metric_count
        yield [("" if row[c] is None else row[c]) for c in CSV_COLUMNS]
