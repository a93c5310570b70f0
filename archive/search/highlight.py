"""Snippets with <mark>, and which measures of a hit match the query.

Matching runs on fold(text), which has the same length as the text, so offsets found in
the folded text cut the original text (traditional characters stay as written).
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape  # what django.utils.html.escape calls, without its lazy-string wrapper

from archive.search.tokenize import CJK, fold_table, phrase_fixes, runs

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
    for match in pattern.finditer(fast_fold(text)):
        if match.end() == match.start():
            continue
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


# A character beyond the Basic Multilingual Plane: "𠀀" (CJK extension B).
ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def fold_list() -> tuple[list[str], dict[int, str]]:
    """tokenize.fold_table() as a list indexed by code point (the Basic Multilingual Plane),
    plus the few entries beyond it.

    str.translate with a dict hashes every character; with a list it indexes, ~2-3x faster
    on Chinese text (~130 µs for a 2,000-character reply with the dict). Same table, same
    result: test_highlight checks fast_fold == tokenize.fold.
    """
    table = fold_table()
    plane = [chr(code) for code in range(0x10000)]
    beyond = {}
    for code, value in table.items():
        if code < 0x10000:
            plane[code] = value
        else:
            beyond[code] = value
    return plane, beyond


def fast_fold(text: str) -> str:
    """tokenize.fold, faster: the same character table and word fixes."""
    plane, beyond = fold_list()
    folded = text.translate(plane)  # characters beyond the list are left as they are
    if beyond and ASTRAL.search(folded):
        folded = folded.translate(beyond)
    pattern, fixes = phrase_fixes()
    return pattern.sub(lambda m: fixes[m.group()], folded)


@lru_cache(maxsize=512)
def fold_cached(text: str) -> str:
    """fold() for reply texts: the first page of a common query shows the same replies again."""
    return fast_fold(text)


class Highlighter:
    """The query's terms compiled once, applied to every hit of a page."""

    def __init__(self, terms: list[str]):
        self.pattern = combined_pattern(terms)

    def snippet(self, text: str, size: int = SNIPPET_CHARS) -> str:
        """A window of the text around the first match (or its start), terms marked."""
        first = self.pattern.search(fold_cached(text)) if self.pattern else None
        start = max(0, first.start() - size // 4) if first else 0
        window = " ".join(text[start : start + size + 40].split())[:size]
        prefix = "…" if start > 0 else ""
        suffix = "…" if start + size < len(text) else ""
        return prefix + mark(window, self.pattern) + suffix

    def matches(self, text: str, start: int | None = None, end: int | None = None) -> bool:
        """Whether text (or text[start:end], e.g. a measure's span in its reply) has a term."""
        if self.pattern is None:
            return False
        folded = fold_cached(text)
        if start is None or end is None:
            return bool(self.pattern.search(folded))
        return bool(self.pattern.search(folded, start, end))
