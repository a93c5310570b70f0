"""Compare an extraction with a gold record, by the scoring rules of the gold README.

Header fields are equal after NFKC and whitespace removal (title also ignores quote marks, a
leading 关于 and a trailing 的提案/的建议; phone compares digits only). Measures match when sibling
counts are equal and the first 8 heading characters agree in order; status and types are compared
over matched measures; metrics as a multiset of (value, value_max, unit).
Every function returns readable differences so a failing test says what is wrong.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation

HEADER_FIELDS = (
    "bureau", "city", "province", "doc_number", "session", "proposal_number", "proposer",
    "proposer_is_org", "title", "signer", "result_class", "public", "date", "year", "contact", "phone",
)
HEADING_CHARS = 8
ENUMERATOR = re.compile(r"^#*(?:[一二三四五六七八九十]+[、.．是]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、])")
QUOTES = "“”\"'‘’《》「」『』〈〉"


def norm_text(value) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def norm_title(value) -> str:
    text = norm_text(value).strip(QUOTES).removeprefix("关于")
    for tail in ("的提案", "的建议", "提案", "建议"):
        if text.endswith(tail):
            text = text[: -len(tail)]
            break
    return text.strip(QUOTES)


def norm_header(field: str, value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if field in ("proposer_is_org", "public") or isinstance(value, int):
        return value
    if field == "phone":
        return re.sub(r"\D", "", unicodedata.normalize("NFKC", str(value))) or None
    if field == "title":
        return norm_title(value)
    return norm_text(value)


def header_differences(gold: dict, got: dict) -> list[str]:
    return [
        f"header {name}: expected {gold.get(name)!r}, got {got.get(name)!r}"
        for name in HEADER_FIELDS
        if norm_header(name, gold.get(name)) != norm_header(name, got.get(name))
    ]


def heading_key(heading: str) -> str:
    return ENUMERATOR.sub("", norm_text(heading).lstrip("#"), count=1)[:HEADING_CHARS]


def match_measures(gold: list, got: list, prefix: str = "") -> tuple[list[tuple], list[str]]:
    """Matched (path, gold, got) pairs at this level and below, and the differences found."""
    if len(gold) != len(got):
        return [], [
            (
                f"measures at {prefix or 'top level'}: expected {len(gold)}, got {len(got)}\n"
                f"    expected: {[heading_key(m['heading']) for m in gold]}\n"
                f"    got:      {[heading_key(m['heading']) for m in got]}"
            )
        ]
    pairs, notes = [], []
    for i, (g, e) in enumerate(zip(gold, got, strict=True), start=1):
        path = f"{prefix}{i}"
        if heading_key(g["heading"]) != heading_key(e["heading"]):
            notes.append(f"measure {path}: heading expected {g['heading'][:24]!r}, got {e['heading'][:24]!r}")
            continue
        pairs.append((path, g, e))
        more, more_notes = match_measures(g.get("children", []), e.get("children", []), path + ".")
        pairs += more
        notes += more_notes
    return pairs, notes


def count_measures(measures: list) -> int:
    return sum(1 + count_measures(m.get("children", [])) for m in measures)


def measure_differences(gold: dict, got: dict) -> list[str]:
    """Unmatched measures and wrong statuses."""
    pairs, notes = match_measures(gold["measures"], got["measures"])
    notes += [
        f"measure {path} {g['heading'][:16]!r}: status expected {g['status']}, got {e['status']}"
        for path, g, e in pairs
        if g["status"] != e["status"]
    ]
    return notes


def type_scores(gold: dict, got: dict) -> list[tuple[str, float]]:
    """(path, Jaccard of types) for every matched measure."""
    pairs, _ = match_measures(gold["measures"], got["measures"])
    scores = []
    for path, g, e in pairs:
        a, b = set(g.get("types", [])), set(e.get("types", []))
        scores.append((path, 1.0 if not a and not b else len(a & b) / len(a | b)))
    return scores


def metric_key(metric: dict) -> tuple:
    def number(value):
        if value is None:
            return None
        try:
            return format(Decimal(norm_text(value).replace(",", "")).normalize(), "f")
        except InvalidOperation:
            return "?" + str(value)

    return number(metric.get("value")), number(metric.get("value_max")), norm_text(metric.get("unit") or "")


def metric_counts(gold: dict, got: dict) -> tuple[int, int, int, list[str]]:
    """(matched, got, expected, differences) for one reply's metrics as a multiset."""
    expected = Counter(metric_key(m) for m in gold.get("metrics", []))
    found = Counter(metric_key(m) for m in got.get("metrics", []))
    hit = sum((expected & found).values())
    notes = [f"metric missing: {k} x{n}" for k, n in (expected - found).items()]
    notes += [f"metric extra: {k} x{n}" for k, n in (found - expected).items()]
    return hit, sum(found.values()), sum(expected.values()), notes


def f1(hit: int, predicted: int, expected: int) -> float:
    precision = hit / predicted if predicted else float(expected == 0)
    recall = hit / expected if expected else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
