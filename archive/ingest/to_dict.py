"""A ParsedReply in the gold schema, without a database (and without loading Django).

Produces exactly what archive.export.reply_to_dict gives for the same reply once stored, so golden
tests can compare the pure pipeline with ../shared/gold/seeds.json; tests/golden/test_seeds.py
checks that the two agree for every seed.
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from archive.ingest.parsed import ParsedMeasure, ParsedReply


def decimal_text(value: Decimal | None) -> str | None:
    """Decimal as the gold writes it: '260', '1.5' (as archive.export.decimal_text)."""
    return None if value is None else format(value.normalize(), "f")


def parsed_to_dict(parsed: ParsedReply) -> dict:
    row = {"source_file": parsed.source_file, "sha256": parsed.sha256}
    row.update(dataclasses.asdict(parsed.header))
    row["proposer_is_org"] = bool(row["proposer_is_org"])
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
