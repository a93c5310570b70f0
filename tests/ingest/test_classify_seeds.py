"""classify_measures on the seed measures against the gold types (mean Jaccard, as the scorer).

The measures are cut from the seed texts at the gold headings, so this test checks the
classifier alone, whatever the segmenter does; the full pipeline is checked by
../shared/tools/score_extraction.py.
"""
import json
import re
import unicodedata

import pytest

from archive.ingest.classify import classify_measures
from archive.ingest.parsed import ParsedMeasure
from tests.conftest import GOLD_PATH, SEEDS_DIR

GOLD = json.loads(GOLD_PATH.read_text(encoding="utf-8"))["replies"] if GOLD_PATH.exists() else []
# Where the enumerated list ends: the closing paragraph or the lead-in of a new list.
LIST_END = re.compile(r"下一步[，,]|在今后的工作中|衷心感谢|再次感谢|最后[，,]|感谢您对")
CONVERSION_LINE = re.compile(r"^mailto:.*$", re.MULTILINE)


def gold_measures(reply: dict) -> list[ParsedMeasure]:
    """The gold measure tree with each measure's text cut from the seed, `gold` set on each."""
    raw = (SEEDS_DIR / reply["source_file"]).read_text(encoding="utf-8")
    text = "".join(unicodedata.normalize("NFKC", CONVERSION_LINE.sub("", raw)).split())
    flat = []

    def walk(items: list[dict], depth: int, prefix: str) -> None:
        for i, item in enumerate(items, 1):
            flat.append((depth, item, f"{prefix}{i}"))
            walk(item["children"], depth + 1, f"{prefix}{i}.")

    walk(reply["measures"], 0, "")
    starts, position = [], 0
    for _, item, _ in flat:
        position = text.index(unicodedata.normalize("NFKC", item["heading"])[:12], position)
        starts.append(position)
    by_path: dict[str, ParsedMeasure] = {}
    roots = []
    for k, (depth, item, path) in enumerate(flat):
        end = next((starts[j] for j in range(k + 1, len(flat)) if flat[j][0] <= depth), len(text))
        closing = LIST_END.search(text, starts[k], end)
        end = closing.start() if closing else end
        measure = ParsedMeasure(heading=item["heading"], text=text[starts[k]:end],
                                start=starts[k], end=end, path=path)
        measure.gold = item["types"]
        by_path[path] = measure
        parent = by_path.get(path.rpartition(".")[0])
        (parent.children if parent else roots).append(measure)
    return roots


def walk_all(measures: list[ParsedMeasure]):
    for measure in measures:
        yield measure
        yield from walk_all(measure.children)


@pytest.mark.skipif(not GOLD, reason="gold answers not available")
def test_seed_types_agree_with_gold():
    jaccards, report = [], []
    for reply in GOLD:
        roots = gold_measures(reply)
        classify_measures(roots)
        for measure in walk_all(roots):
            gold, got = set(measure.gold), set(measure.types)
            jaccards.append(len(gold & got) / len(gold | got))
            if gold != got:
                report.append(f"{reply['source_file'][:3]} {measure.path}: {measure.gold} vs {measure.types}")
            assert 1 <= len(measure.types) <= 3
    mean = sum(jaccards) / len(jaccards)
    assert mean >= 0.9, "\n".join(report)


@pytest.mark.skipif(not GOLD, reason="gold answers not available")
def test_seed_first_types_match_gold_mostly():
    pairs = []
    for reply in GOLD:
        roots = gold_measures(reply)
        classify_measures(roots)
        pairs += [(m.gold[0], m.types[0]) for m in walk_all(roots)]
    assert sum(g == t for g, t in pairs) / len(pairs) >= 0.95
