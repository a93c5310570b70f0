"""One reply: header card, measure tree, metrics, the original text with anchors, citation."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from archive.export import reply_to_dict, with_export_relations
from archive.exports_web import format_url, requested_format
from archive.models import Measure, Metric, Reply
from archive.pages.annotate import (
    annotate,
    query_anchors,
    reply_anchors,
    sentence_bounds,
    sentence_of,
)
from archive.pages.errors import BadParameter, friendly_errors
from archive.pages.queries import STATUS_LABELS, TYPE_LABELS, visible_replies
from archive.pages.tables import QUALIFIER_BOUNDS, metric_value_text


@dataclass
class MeasureNode:
    measure: Measure
    types: list[tuple[str, str]]
    sentence: int | None
    children: list[MeasureNode] = field(default_factory=list)


def measure_tree(measures: list[Measure], starts: list[int]) -> list[MeasureNode]:
    nodes = {
        m.pk: MeasureNode(
            m,
            [(t.slug, TYPE_LABELS.get(t.slug, t.slug)) for t in sorted(m.types.all(), key=lambda t: t.rank)],
            sentence_of(starts, m.span_start) if m.span_start is not None else None,
        )
        for m in measures
    }
    roots: list[MeasureNode] = []
    for m in measures:
        parent = nodes.get(m.parent_id) if m.parent_id else None
        (parent.children if parent else roots).append(nodes[m.pk])
    return roots


def citation(reply: Reply, url: str) -> str:
    """A citation line: bureau, title, proposal number, date, where to find it."""
    parts = [reply.bureau or "（承办单位未注明）"]
    if not reply.title:
        title = f"《{reply.source_file}》"
    elif reply.title.startswith("关于"):
        title = f"《{reply.title}的答复》"
    else:
        title = f"《关于“{reply.title}”的答复》"
    parts.append(title)
    if reply.proposal_number:
        parts.append(f"{reply.session or ''}第 {reply.proposal_number} 号".strip())
    if reply.date:
        parts.append(f"{reply.date.year}年{reply.date.month}月{reply.date.day}日")
    return "，".join(parts) + f"。提案答复档案，{url}"


def neighbours(request: HttpRequest, reply: Reply) -> tuple[Reply | None, Reply | None]:
    """Previous and next reply of the same city, by date then id.

    The two ids are found in the city+date+public index alone; only those two rows are read
    (asking for the title while searching would read every candidate's long row).
    """
    if not reply.city or reply.date is None:
        return None, None
    same_city = visible_replies(request.user).filter(city=reply.city).exclude(pk=reply.pk).values_list("id", flat=True)
    earlier = same_city.filter(Q(date__lt=reply.date) | Q(date=reply.date, pk__lt=reply.pk))
    later = same_city.filter(Q(date__gt=reply.date) | Q(date=reply.date, pk__gt=reply.pk))
    ids = [earlier.order_by("-date", "-id").first(), later.order_by("date", "id").first()]
    found = Reply.objects.only("id", "title", "source_file", "date").in_bulk([i for i in ids if i is not None])
    return found.get(ids[0]), found.get(ids[1])


@friendly_errors
def reply_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reply = visible_replies(request.user).filter(pk=pk).first()
    if reply is None:
        raise Http404(f"没有编号为 {pk} 的答复，或您无权查看。")
    fmt = requested_format(request)
    if fmt == "csv":
        raise BadParameter("单份答复提供 JSON（?format=json），CSV 请从列表页导出。")
    if fmt == "json":
        full = with_export_relations(Reply.objects.filter(pk=reply.pk)).get()
        document = {"id": reply.pk, "url": reply.get_absolute_url(), **reply_to_dict(full)}
        body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False)
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    measures = list(Measure.objects.filter(reply=reply).prefetch_related("types").order_by("order"))
    metrics = list(Metric.objects.filter(reply=reply).order_by("position"))
    starts = sentence_bounds(reply.text)
    by_id = {m.pk: m for m in measures}
    metric_rows = [
        {
            "metric": m,
            "value": metric_value_text(m),
            "bound": QUALIFIER_BOUNDS.get(m.qualifier or "", ""),
            "measure": by_id.get(m.measure_id),
            "sentence": sentence_of(starts, m.span_start),
        }
        for m in metrics
    ]
    query = request.GET.get("q", "")[:200]
    query_hits = query_anchors(reply.text, query)
    permalink = request.build_absolute_uri(reply.get_absolute_url())
    previous, following = neighbours(request, reply)
    context = {
        "reply": reply,
        "tree": measure_tree(measures, starts),
        "metric_rows": metric_rows,
        "text_html": annotate(reply.text, reply_anchors(measures, metrics) + query_hits),
        "query_hit_count": len(query_hits),
        "permalink": permalink,
        "citation": citation(reply, permalink),
        "previous": previous,
        "next": following,
        "status_labels": STATUS_LABELS,
        "json_url": format_url(request, "json"),
        "query": query,
    }
    return render(request, "archive/reply_detail.html", context)
