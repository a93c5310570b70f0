"""Snippets with <mark>, and which measures of a hit match the query.

Matching runs on fold(text), which has the same length as the text, so offsets found in
the folded text cut the original text (traditional characters stay as written).
"""
from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape

from archive.search.tokenize import CJK, fold, runs

SNIPPET_CHARS = 160
# Between two runs of a phrase the document may have punctuation or spaces: 心理，健康.
GAP = r"(?:[\W_]*?)"


@lru_cache(maxsize=256)
def term_pattern(term: str) -> re.Pattern | None:
    """A regex for a folded term: CJK runs match as substrings, words as whole words."""
    parts = []
    for run in runs(term):
        text = re.escape(run.text)
        if run.kind == "word":
            text = rf"(?<![^\W\d_{CJK}]){text}(?![^\W\d_{CJK}])"
        elif run.kind == "digits":
            text = rf"(?<!\d){text}(?!\d)"
        parts.append(text)
    if not parts:
        return None
    return re.compile(GAP.join(parts), re.IGNORECASE)


def combined_pattern(terms: list[str]) -> re.Pattern | None:
    patterns = [p.pattern for p in (term_pattern(t) for t in terms) if p is not None]
    if not patterns:
        return None
    # Longest first, so 心理健康 wins over 心理 at the same place.
    patterns.sort(key=len, reverse=True)
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def mark(text: str, pattern: re.Pattern | None) -> str:
    """Escaped text with every match wrapped in <mark>."""
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(fold(text)):
        if match.end() == match.start():
            continue
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def snippet(text: str, terms: list[str], size: int = SNIPPET_CHARS) -> str:
    """A window of the text around the first match (or its start), terms marked."""
    pattern = combined_pattern(terms)
    text = " ".join(text.split())
    first = pattern.search(fold(text)) if pattern else None
    start = max(0, first.start() - size // 4) if first else 0
    window = text[start : start + size]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + size < len(text) else ""
    return prefix + mark(window, pattern) + suffix


def matching(text: str, terms: list[str]) -> bool:
    pattern = combined_pattern(terms)
    return bool(pattern and pattern.search(fold(text)))
