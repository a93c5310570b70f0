"""Chain the pure stages: bytes of one file in, a ParsedReply out. No database here."""
from __future__ import annotations

import hashlib
from pathlib import Path

from archive.ingest.classify import classify_measures
from archive.ingest.encoding import unusual_character
from archive.ingest.errors import FileTooLarge, NotAReply
from archive.ingest.header import looks_like_reply, parse_header
from archive.ingest.metrics import assign_measures, find_metrics
from archive.ingest.normalise import normalise
from archive.ingest.parsed import ParsedReply
from archive.ingest.read import decode_document
from archive.ingest.segment import split_measures


def parse_bytes(data: bytes, filename: str, max_bytes: int | None = None) -> ParsedReply:
    """Parse one file's bytes; raises an IngestError subclass when it is not a usable reply.

    max_bytes (settings.ARCHIVE_MAX_FILE_BYTES at the edges) refuses oversized files before
    any parsing; None means no limit.
    """
    check_size(len(data), filename, max_bytes)
    raw_text = decode_document(data, filename)
    text = normalise(raw_text)
    if not looks_like_reply(text):
        raise NotAReply(filename)
    header = parse_header(text, filename)
    measures = split_measures(text)
    metrics = find_metrics(text)
    assign_measures(metrics, measures)
    classify_measures(measures)
    return ParsedReply(
        source_file=Path(filename).name,
        sha256=hashlib.sha256(data).hexdigest(),
        raw_text=raw_text,
        text=text,
        header=header,
        measures=measures,
        metrics=metrics,
    )


def preload() -> None:
    """Build the tables parsing builds on first use (~50 ms): before forking workers, so they
    share one copy instead of each building its own."""
    unusual_character()


def parse_file(path: Path, max_bytes: int | None = None) -> ParsedReply:
    path = Path(path)
    check_size(path.stat().st_size, path.name, max_bytes)
    return parse_bytes(path.read_bytes(), path.name, max_bytes)


def check_size(size: int, filename: str, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise FileTooLarge(
            filename, f"file too large — 文件超过大小上限 ({size / 2**20:.1f} MB > {max_bytes / 2**20:.0f} MB)"
        )

