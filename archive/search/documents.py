"""What the search index stores about one reply, built the same way for every backend."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import connection

from archive.models import Measure, MeasureType, Reply
from archive.search.keys import sort_key


@dataclass(frozen=True)
class ReplyDocument:
    """Searchable text (title, measure headings, body) and the facet values of a reply."""

    reply_id: int
    key: int
    title: str
    headings: str
    body: str
    city: str
    province: str
    year: int | None
    types: tuple[str, ...]
    statuses: tuple[str, ...]
    public: bool
    # The body's index tokens when a --jobs worker made them already (not part of the fingerprint).
    body_tokens: str | None = None

    @property
    def fingerprint(self) -> str:
        parts = [self.title, self.headings, self.body, self.city, self.province, str(self.year),
                 " ".join(self.types), " ".join(self.statuses), str(self.public), str(self.key)]
        return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def build_document(reply: Reply) -> ReplyDocument:
    """One reply's document (admin edits, signals); see build_documents."""
    return build_documents([reply])[0]


def build_documents(replies) -> list[ReplyDocument]:
    """Documents of many replies, their measures and types read in one query (raw SQL:
    this runs for every ingest batch). A reply needs pk, date, title, text, city, province,
    year and public."""
    replies = list(replies)
    if not replies:
        return []
    measure_table, type_table = Measure._meta.db_table, MeasureType._meta.db_table
    marks = ", ".join(["%s"] * len(replies))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.reply_id, m.id, m.heading, m.status, t.slug FROM {measure_table} m "
            f"LEFT JOIN {type_table} t ON t.measure_id = m.id WHERE m.reply_id IN ({marks}) "
            'ORDER BY m.reply_id, m."order", m.id',
            [reply.pk for reply in replies],
        )
        rows = cursor.fetchall()
    by_reply: dict[int, list[tuple]] = {}
    for reply_id, *row in rows:
        by_reply.setdefault(reply_id, []).append(row)
    return [document(reply, by_reply.get(reply.pk, [])) for reply in replies]


def document(reply, rows: list[tuple]) -> ReplyDocument:
    """rows: (measure id, heading, status, type slug or None), measures in order."""
    headings = dict((measure_id, heading) for measure_id, heading, _, _ in rows)
    return ReplyDocument(
        reply_id=reply.pk,
        key=sort_key(reply.pk, reply.date),
        title=reply.title or "",
        headings="\n".join(headings.values()),
        body=reply.text or "",
        city=reply.city or "",
        province=reply.province or "",
        year=reply.year,
        types=tuple(sorted({slug for *_, slug in rows if slug})),
        statuses=tuple(sorted({status for _, _, status, _ in rows})),
        public=reply.public is not False,
        body_tokens=getattr(reply, "index_body", None),
    )


def value_token(field: str, value: object) -> str:
    """A filter token that cannot collide with text tokens: cityx + hex of the UTF-8 value."""
    return f"{field}x{str(value).encode().hex()}"


def filter_tokens(doc: ReplyDocument) -> list[str]:
    tokens = ["doc"]
    if doc.city:
        tokens.append(value_token("city", doc.city))
    if doc.province:
        tokens.append(value_token("prov", doc.province))
    if doc.year:
        tokens.append(value_token("year", doc.year))
    tokens += [value_token("type", t) for t in doc.types]
    tokens += [value_token("status", s) for s in doc.statuses]
    if not doc.public:
        tokens.append("private")
    return tokens


def wanted_tokens(filters) -> list[str]:
    """Filter tokens a query requires (SearchFilters -> tokens); "doc" matches every reply."""
    tokens = []
    for field, token_field in (("city", "city"), ("province", "prov"), ("year", "year"), ("type", "type"), ("status", "status")):
        value = getattr(filters, field)
        if value not in (None, ""):
            tokens.append(value_token(token_field, value))
    return tokens or ["doc"]
