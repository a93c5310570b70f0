"""Golden tests on hand-written replies in tests/data/variants (forms the seeds lack).

Each NAME.txt has NAME.json beside it: the expected header fields and measure tree (heading,
status, children) in the gold schema; metrics and types are left to the seeds. Run with
UPDATE_GOLDEN=1 to rewrite the expected files from the current output — then review the diff:
the expectations are data checked by a person, never the gold seeds.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import zhconv

from archive.ingest.pipeline import parse_bytes, parse_file
from archive.ingest.to_dict import parsed_to_dict
from tests.golden import score

VARIANTS = Path(__file__).resolve().parents[1] / "data" / "variants"
TEXTS = sorted(VARIANTS.glob("*.txt"))


def expected_form(record: dict) -> dict:
    """The part of an extraction the variant files pin: header fields and the measure tree."""

    def tree(measures: list) -> list:
        return [{"heading": m["heading"], "status": m["status"], "children": tree(m["children"])} for m in measures]

    row = {"source_file": record["source_file"]}
    row.update({name: record[name] for name in score.HEADER_FIELDS})
    row["measures"] = tree(record["measures"])
    return row


@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_variant(path):
    got = expected_form(parsed_to_dict(parse_file(path)))
    expected_path = path.with_suffix(".json")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    differences = score.header_differences(expected, got) + score.measure_differences(expected, got)
    assert not differences, "\n" + "\n".join(differences)


def test_there_are_enough_variants():
    assert len(TEXTS) >= 8
    assert all(p.with_suffix(".json").exists() for p in TEXTS)


def test_a_traditional_script_page_reads_like_its_simplified_original():
    """A mirror site's traditional-script copy of a variant gives the same extraction."""
    original = VARIANTS / "v01_county_health_wrapper.txt"
    converted = zhconv.convert(original.read_text(encoding="utf-8"), "zh-hant").encode("utf-8")
    got = expected_form(parsed_to_dict(parse_bytes(converted, original.name)))
    expected = expected_form(parsed_to_dict(parse_file(original)))
    differences = score.header_differences(expected, got) + score.measure_differences(expected, got)
    assert not differences, "\n" + "\n".join(differences)
