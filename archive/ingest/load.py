"""Stage 7, the only one that writes: parsed replies become rows, each all or nothing.

Rows are written with one INSERT per table (per measure-tree level) rather than one per row:
per-row saves ran history and search signals for every measure and cost ~40 ms a reply.
The batch is then indexed once, inside the same transaction, so a stored reply is always
searchable and a failed one leaves nothing behind.
"""
from __future__ import annotations

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from archive.ingest.errors import Duplicate
from archive.ingest.parsed import ParsedMeasure, ParsedReply
from archive.models import Measure, MeasureType, Metric, Reply
from archive.search.signals import index_replies


def store_reply(parsed: ParsedReply, user: str = "") -> Reply:
    """Save a parsed reply with its measures and metrics; all or nothing.

    Raises Duplicate when the same bytes (same sha256) are already in the archive.
    """
    if Reply.objects.filter(sha256=parsed.sha256).exists():
        raise Duplicate(parsed.source_file)
    try:
        with transaction.atomic():
            (reply,) = insert_replies([parsed], user)
    except IntegrityError as exc:
        if Reply.objects.filter(sha256=parsed.sha256).exists():
            raise Duplicate(parsed.source_file) from exc
        raise
    return reply


def store_replies(
    batch: list[ParsedReply], user: str = "", index_bodies: list[str | None] | None = None
) -> list[Exception | None]:
    """Save many parsed replies in one transaction, for bulk ingest; one result per reply.

    When the batch fails as a whole (a duplicate, a value the database refuses), each reply
    is stored alone, so a bad one leaves nothing behind and the others still land.
    index_bodies: each reply's body as search tokens (tokenize.index_text of its text) when a
    --jobs worker made them, so this process only inserts.
    """
    try:
        with transaction.atomic():
            insert_replies(batch, user, index_bodies)
        return [None] * len(batch)
    except Exception:  # noqa: BLE001 — retried one by one below, where each error is kept
        results: list[Exception | None] = []
        for parsed in batch:
            try:
                store_reply(parsed, user)
                results.append(None)
            except Exception as exc:  # noqa: BLE001
                results.append(exc)
        return results


def insert_replies(batch: list[ParsedReply], user: str, index_bodies: list[str | None] | None = None) -> list[Reply]:
    """Insert replies, their measure trees, types and metrics, and index them. Call in a transaction."""
    replies = [
        Reply(
            **fitted(
                Reply,
                source_file=p.source_file,
                sha256=p.sha256,
                raw_text=p.raw_text,
                text=p.text,
                ingested_by=user,
                **header_fields(p),
            )
        )
        for p in batch
    ]
    insert_with_history(replies)
    measures_by_path = save_measures(list(zip(replies, (p.measures for p in batch))))
    insert_metrics(
        (reply, by_path.get(m.measure_path), i, m)
        for parsed, reply, by_path in zip(batch, replies, measures_by_path)
        for i, m in enumerate(parsed.metrics)
    )
    for reply, tokens in zip(replies, index_bodies or []):
        reply.index_body = tokens  # read by search.documents; tokens of exactly reply.text
    index_replies(replies)
    return replies


def insert_with_history(replies: list[Reply]) -> None:
    """INSERT the replies (ids set on them) and their creation rows in the edit history.

    What simple_history's bulk_create_with_history writes ('+' rows, the request's user when
    there is one), by two raw statements: its model instances per reply and per history row
    cost more than the database spent storing them.
    """
    fields = [f for f in Reply._meta.concrete_fields if not f.primary_key]
    rows = [[f.get_db_prep_save(f.pre_save(reply, True), connection) for f in fields] for reply in replies]
    for reply, pk in zip(replies, insert_returning_ids(Reply, [f.column for f in fields], rows)):
        reply.pk = pk
        reply._state.adding, reply._state.db = False, connection.alias
    history = Reply.history.model
    columns = [f for f in history._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    values = []
    for reply in replies:
        user = history.get_default_history_user(reply)
        row = {f.attname: getattr(reply, f.attname) for f in history.tracked_fields}
        row.update(history_date=now, history_change_reason=None, history_type="+",
                   history_user_id=user.pk if user is not None else None)
        values.append([f.get_db_prep_save(row[f.attname], connection) for f in columns])
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})",
            values,
        )


METRIC_COLUMNS = [
    "reply_id", "measure_id", "position", "value", "value_max", "unit", "qualifier", "label",
    "normalized_value", "base_unit", "span_start", "span_end",
]


def insert_metrics(rows) -> None:
    """All metrics of a batch in one executemany.

    Metrics are the most numerous rows (30–50 a reply) and bulk_create spent more time
    building model instances than the database spent storing them.
    """
    limit = {name: Metric._meta.get_field(name).max_length for name in ("unit", "qualifier", "label", "base_unit")}
    values = [
        [
            reply.pk, measure_id, position, m.value, m.value_max,
            m.unit[: limit["unit"]], (m.qualifier or None) and m.qualifier[: limit["qualifier"]],
            m.label[: limit["label"]], m.normalized_value, m.base_unit[: limit["base_unit"]], m.start, m.end,
        ]
        for reply, measure_id, position, m in rows
    ]
    if not values:
        return
    table = connection.ops.quote_name(Metric._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in METRIC_COLUMNS)
    placeholders = ", ".join(["%s"] * len(METRIC_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)


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


MEASURE_COLUMNS = [
    "reply_id", "parent_id", "position", "path", "order", "heading", "text", "status", "span_start", "span_end",
]
# Rows per multi-row INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
INSERT_ROWS = 500


def save_measures(trees: list[tuple[Reply, list[ParsedMeasure]]]) -> list[dict[str, int]]:
    """Create measure trees with one INSERT per tree level; return each reply's measure ids by path.

    Raw multi-row INSERT … RETURNING id (as Django's bulk_create does on SQLite 3.35+ and
    PostgreSQL, ids in row order) without building a model instance per measure and type:
    that cost more than the database spent storing them. No per-row signals run, so history
    rows and search re-indexing are not repeated for every measure: insert_replies indexes
    the batch once.
    """
    by_path: list[dict[str, int]] = [{} for _ in trees]
    order = {id(m): n for _, measures in trees for n, m in enumerate(walk(measures), start=1)}
    level = [
        (i, reply.pk, None, position, m)
        for i, (reply, measures) in enumerate(trees)
        for position, m in enumerate(measures, start=1)
    ]
    while level:
        ids = insert_returning_ids(
            Measure,
            MEASURE_COLUMNS,
            [
                [reply_id, parent_id, position, parsed.path, order[id(parsed)], parsed.heading, parsed.text,
                 parsed.status, parsed.start, parsed.end]
                for _, reply_id, parent_id, position, parsed in level
            ],
        )
        for (i, _, _, _, parsed), measure_id in zip(level, ids):
            by_path[i][parsed.path] = measure_id
        types = [
            [measure_id, slug, rank]
            for (_, _, _, _, parsed), measure_id in zip(level, ids)
            for rank, slug in enumerate(parsed.types)
        ]
        if types:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(MeasureType._meta.db_table)} "
                    "(measure_id, slug, rank) VALUES (%s, %s, %s)",
                    types,
                )
        level = [
            (i, reply_id, measure_id, position, child)
            for (i, reply_id, _, _, parsed), measure_id in zip(level, ids)
            for position, child in enumerate(parsed.children, start=1)
        ]
    return by_path


def insert_returning_ids(model: type[models.Model], columns: list[str], rows: list[list]) -> list[int]:
    """INSERT rows with multi-row VALUES … RETURNING id; the new ids, in row order."""
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES "
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_ROWS):
            chunk = rows[start : start + INSERT_ROWS]
            cursor.execute(
                head + ", ".join([row_marks] * len(chunk)) + " RETURNING " + quote("id"),
                [value for row in chunk for value in row],
            )
            ids.extend(row_id for (row_id,) in cursor.fetchall())
    if len(ids) != len(rows):
        raise IntegrityError(f"{model._meta.db_table}: {len(rows)} rows inserted, {len(ids)} ids returned")
    return ids


def walk(measures: list[ParsedMeasure]):
    """Measures in document order: each parent before its children."""
    for measure in measures:
        yield measure
        yield from walk(measure.children)
