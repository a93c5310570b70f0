"""The shortcut for building large search databases (100k replies).

The ingest path (store_reply) writes one reply per transaction with edit-history rows and
indexes it. bulk_insert writes the same parsed rows with bulk_create — no signals, no
history — and leaves indexing to `manage.py rebuild_index`, the backend's bulk method.
"""
from __future__ import annotations

from archive.ingest.load import header_fields
from archive.ingest.parsed import ParsedReply
from archive.models import Measure, MeasureType, Metric, Reply


def bulk_insert(batch: list[ParsedReply], user: str = "bench") -> list[int]:
    """Insert a batch of parsed replies with their measure trees and metrics; return reply ids."""
    replies = Reply.objects.bulk_create(
        Reply(source_file=p.source_file, sha256=p.sha256, raw_text=p.raw_text, text=p.text,
              ingested_by=user, **header_fields(p))
        for p in batch
    )
    measures_of: list[dict[str, Measure]] = [{} for _ in batch]
    parsed_of: dict[int, object] = {}
    level = [(i, None, pos, m) for i, p in enumerate(batch) for pos, m in enumerate(p.measures, 1)]
    # Document order (parents before children), as store_reply numbers them.
    order = {id(m): n for p in batch for n, m in enumerate(p.walk_measures(), 1)}
    while level:
        rows = []
        for i, parent, position, parsed in level:
            rows.append(Measure(
                reply=replies[i], parent=parent, position=position,
                path=parsed.path, order=order[id(parsed)], heading=parsed.heading, text=parsed.text,
                status=parsed.status, span_start=parsed.start, span_end=parsed.end,
            ))
        created = Measure.objects.bulk_create(rows)
        next_level = []
        for (i, _, _, parsed), measure in zip(level, created, strict=True):
            measures_of[i][parsed.path] = measure
            parsed_of[id(measure)] = parsed
            next_level.extend((i, measure, pos, child) for pos, child in enumerate(parsed.children, 1))
        MeasureType.objects.bulk_create(
            MeasureType(measure=measure, slug=slug, rank=rank)
            for measure in created for rank, slug in enumerate(parsed_of[id(measure)].types)
        )
        level = next_level
    Metric.objects.bulk_create(
        Metric(
            reply=replies[i], measure=measures_of[i].get(m.measure_path), position=pos,
            value=m.value, value_max=m.value_max, unit=m.unit, qualifier=m.qualifier,
            label=m.label[:200], normalized_value=m.normalized_value, base_unit=m.base_unit,
            span_start=m.start, span_end=m.end,
        )
        for i, p in enumerate(batch) for pos, m in enumerate(p.metrics)
    )
    return [r.pk for r in replies]
