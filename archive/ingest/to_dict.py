"""A ParsedReply in the gold schema, without a database.

Produces exactly what archive.export.reply_to_dict gives for the same reply once stored, so golden
tests can compare the pure pipeline with ../shared/gold/seeds.json (a test checks the two agree).
"""
from __future__ import annotations

from archive.export import HEADER_FIELDS, decimal_text
from archive.ingest.load import header_fields
from archive.ingest.parsed import ParsedMeasure, ParsedReply


def parsed_to_dict(parsed: ParsedReply) -> dict:
    stored = {"source_file": parsed.source_file, "sha256": parsed.sha256, **header_fields(parsed)}
    row = {name: stored[name] for name in HEADER_FIELDS}
    row["date"] = row["date"].isoformat() if row["date"] else None
    for name in ("bureau", "city", "province"):
        row[name] = row[name] or None
    paths = {measure.path for measure in parsed.walk_measures()}
    measure_of = [m.measure_path if m.measure_path in paths else None for m in parsed.metrics]

    def measure_dict(measure: ParsedMeasure) -> dict:
        return {
            "heading": measure.heading,
            "status": measure.status,
            "types": list(measure.types),
            "children": [measure_dict(child) for child in measure.children],
            "metrics": [i for i, path in enumerate(measure_of) if path == measure.path],
        }

    row["measures"] = [measure_dict(m) for m in parsed.measures]
    row["metrics"] = [
        {
            "value": decimal_text(m.value),
            "value_max": decimal_text(m.value_max),
            "unit": m.unit,
            "label": m.label[:200],
            "qualifier": m.qualifier,
            "measure": measure_of[i],
        }
        for i, m in enumerate(parsed.metrics)
    ]
    return row
