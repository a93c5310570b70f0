"""Stage 7, the only one that writes: a ParsedReply becomes rows in one transaction."""
from __future__ import annotations

from django.db import IntegrityError, models, transaction

from archive.ingest.errors import Duplicate
from archive.ingest.parsed import ParsedMeasure, ParsedReply
from archive.models import Measure, MeasureType, Metric, Reply
from archive.search import index_reply


def store_reply(parsed: ParsedReply, user: str = "") -> Reply:
    """Save a parsed reply with its measures and metrics; all or nothing.

    Raises Duplicate when the same bytes (same sha256) are already in the archive.
    """
    if Reply.objects.filter(sha256=parsed.sha256).exists():
        raise Duplicate(parsed.source_file)
    try:
        with transaction.atomic():
            reply = Reply.objects.create(
                **fitted(
                    Reply,
                    source_file=parsed.source_file,
                    sha256=parsed.sha256,
                    raw_text=parsed.raw_text,
                    text=parsed.text,
                    ingested_by=user,
                    **header_fields(parsed),
                )
            )
            by_path = save_measures(reply, parsed.measures)
            Metric.objects.bulk_create(
                Metric(
                    **fitted(
                        Metric,
                        reply=reply,
                        measure=by_path.get(m.measure_path),
                        position=i,
                        value=m.value,
                        value_max=m.value_max,
                        unit=m.unit,
                        qualifier=m.qualifier,
                        label=m.label,
                        normalized_value=m.normalized_value,
                        base_unit=m.base_unit,
                        span_start=m.start,
                        span_end=m.end,
                    )
                )
                for i, m in enumerate(parsed.metrics)
            )
            # In the same transaction: a reply is searchable exactly when it is stored.
            index_reply(reply)
    except IntegrityError as exc:
        if Reply.objects.filter(sha256=parsed.sha256).exists():
            raise Duplicate(parsed.source_file) from exc
        raise
    return reply


def fitted(model: type[models.Model], **values) -> dict:
    """Strings cut to their column's max_length.

    PostgreSQL refuses a longer value where SQLite keeps it; a bureau or unit that long is a
    mis-parse either way, and the full text stays in Reply.text.
    """
    for name, value in values.items():
        limit = getattr(model._meta.get_field(name), "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            values[name] = value[:limit]
    return values


def header_fields(parsed: ParsedReply) -> dict:
    h = parsed.header
    return {
        "bureau": h.bureau or "",
        "city": h.city or "",
        "province": h.province or "",
        "doc_number": h.doc_number,
        "session": h.session,
        "proposal_number": h.proposal_number,
        "proposer": h.proposer,
        "proposer_is_org": bool(h.proposer_is_org),
        "title": h.title,
        "signer": h.signer,
        "result_class": h.result_class,
        "public": h.public,
        "date": h.date,
        "year": h.year,
        "contact": h.contact,
        "phone": h.phone,
    }


def save_measures(reply: Reply, measures: list[ParsedMeasure]) -> dict[str, Measure]:
    """Create the measure tree with one INSERT per tree level; return measures by path.

    bulk_create skips per-row signals, so history rows and search re-indexing are not
    repeated for every measure of a new reply: store_reply indexes the reply once.
    """
    order = {id(m): n for n, m in enumerate(walk(measures), start=1)}
    by_path: dict[str, Measure] = {}
    level: list[tuple[ParsedMeasure, Measure | None, int]] = [
        (m, None, position) for position, m in enumerate(measures, start=1)
    ]
    while level:
        created = Measure.objects.bulk_create(
            Measure(
                reply=reply,
                parent=parent,
                position=position,
                path=parsed.path,
                order=order[id(parsed)],
                heading=parsed.heading,
                text=parsed.text,
                status=parsed.status,
                span_start=parsed.start,
                span_end=parsed.end,
            )
            for parsed, parent, position in level
        )
        for (parsed, _, _), measure in zip(level, created):
            by_path[parsed.path] = measure
        MeasureType.objects.bulk_create(
            MeasureType(measure=measure, slug=slug, rank=rank)
            for (parsed, _, _), measure in zip(level, created)
            for rank, slug in enumerate(parsed.types)
        )
        level = [
            (child, measure, position)
            for (parsed, _, _), measure in zip(level, created)
            for position, child in enumerate(parsed.children, start=1)
        ]
    return by_path


def walk(measures: list[ParsedMeasure]):
    """Measures in document order: each parent before its children."""
    for measure in measures:
        yield measure
        yield from walk(measure.children)
