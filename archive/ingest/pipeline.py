"""Chain the pure stages: bytes of one file in, a ParsedReply out. No database here."""
from __future__ import annotations

import hashlib
from pathlib import Path

from archive.ingest.classify import classify_measures
from archive.ingest.header import parse_header
from archive.ingest.metrics import assign_measures, find_metrics
from archive.ingest.normalise import normalise
from archive.ingest.parsed import ParsedReply
from archive.ingest.read import decode_document
from archive.ingest.segment import split_measures


def parse_bytes(data: bytes, filename: str) -> ParsedReply:
    """Parse one file's bytes; raises an IngestError subclass when it is not a usable reply."""
    raw_text = decode_document(data, filename)
    text = normalise(raw_text)
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


def parse_file(path: Path) -> ParsedReply:
    return parse_bytes(Path(path).read_bytes(), Path(path).name)
