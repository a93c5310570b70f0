"""find_metrics over each seed reply against the hand-checked gold metrics.

Runs on the text as the pipeline normalises it, so it keeps holding whatever the normaliser
does with spaces and line breaks. The comparison is the scorer's: a multiset of
(value, value_max, unit), plus the qualifier.
"""
import json
from collections import Counter
from decimal import Decimal

import pytest

from archive.ingest.metrics import find_metrics
from archive.ingest.normalise import normalise
from archive.ingest.read import decode_document
from tests.conftest import GOLD_PATH, SEEDS_DIR

GOLD = json.loads(GOLD_PATH.read_text(encoding="utf-8"))["replies"] if GOLD_PATH.exists() else []


def number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


@pytest.mark.skipif(not GOLD, reason="gold answers not available")
@pytest.mark.parametrize("reply", GOLD, ids=[r["source_file"][:3] for r in GOLD])
def test_seed_metrics_match_gold(reply):
    path = SEEDS_DIR / reply["source_file"]
    text = normalise(decode_document(path.read_bytes(), path.name))
    found = find_metrics(text)
    expected = Counter((m["value"], m["value_max"], m["unit"], m["qualifier"]) for m in reply["metrics"])
    got = Counter((number(m.value), number(m.value_max), m.unit, m.qualifier) for m in found)
    assert got == expected
    assert [m.start for m in found] == sorted(m.start for m in found)
    for metric in found:
        assert metric.label, f"no label for {text[metric.start:metric.end]!r}"
