"""Golden tests: the pure pipeline on each seed reply against the hand-checked gold.

tests/golden/seeds.json is a copy of ../shared/gold/seeds.json (data, so CI does not depend on the
shared folder); it is never regenerated from the code. Scoring follows the gold README.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from archive.ingest.pipeline import parse_file
from archive.ingest.to_dict import parsed_to_dict
from tests.golden import score

ROOT = Path(__file__).resolve().parents[2]
GOLD = json.loads((Path(__file__).with_name("seeds.json")).read_text(encoding="utf-8"))["replies"]
SEEDS = {record["source_file"]: record for record in GOLD}
MIN_METRIC_F1 = 0.95
MIN_TYPES = 0.9


@cache
def extracted(name: str) -> dict:
    return parsed_to_dict(parse_file(ROOT / "fixtures" / "replies" / name))


def report(differences: list[str]) -> str:
    return "\n" + "\n".join(differences)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_header(name):
    differences = score.header_differences(SEEDS[name], extracted(name))
    assert not differences, report(differences)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_measures_and_status(name):
    differences = score.measure_differences(SEEDS[name], extracted(name))
    assert not differences, report(differences)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_identity_fields(name):
    got = extracted(name)
    assert got["sha256"] == SEEDS[name]["sha256"]
    assert got["source_file"] == name


def test_metrics_f1_over_all_seeds():
    hit = predicted = expected = 0
    notes = []
    for name, gold in SEEDS.items():
        h, p, e, n = score.metric_counts(gold, extracted(name))
        hit, predicted, expected = hit + h, predicted + p, expected + e
        notes += [f"{name}: {note}" for note in n]
    value = score.f1(hit, predicted, expected)
    assert value >= MIN_METRIC_F1, f"metric F1 {value:.3f} < {MIN_METRIC_F1}" + report(notes)


def test_types_over_all_seeds():
    scores = [(name, path, s) for name, gold in SEEDS.items() for path, s in score.type_scores(gold, extracted(name))]
    assert scores, "no measure matched, so no type could be compared"
    value = sum(s for _, _, s in scores) / len(scores)
    notes = [f"{name} measure {path}: Jaccard {s:.2f}" for name, path, s in scores if s < 1]
    assert value >= MIN_TYPES, f"types {value:.3f} < {MIN_TYPES}" + report(notes)


@pytest.mark.django_db
def test_database_export_agrees_with_pure_dict():
    """What export_replies writes after storing equals parsed_to_dict, for every seed."""
    from archive.export import reply_to_dict
    from archive.ingest.load import store_reply

    for name in sorted(SEEDS):
        parsed = parse_file(ROOT / "fixtures" / "replies" / name)
        stored = reply_to_dict(store_reply(parsed))
        assert stored == parsed_to_dict(parsed), name


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_headings_are_exactly_the_gold_text(name):
    """Stricter than the scorer's 8 characters: normalisation keeps the source's punctuation."""

    def headings(measures):
        return [(m["heading"], headings(m["children"])) for m in measures]

    assert headings(extracted(name)["measures"]) == headings(SEEDS[name]["measures"])
