"""Every rule's keyword hits in one pass over the text, for classify.py.

classify.py has ~30 rules, each a regex; running `finditer` of each over every measure was a
quarter of all parsing time. Most rules are plain lists of words (筛查|测评|普测), so their
words go into one Aho–Corasick automaton (pyahocorasick, C) that finds every occurrence of
every word in a single scan. From those occurrences each rule's hits are rebuilt exactly as
its own `finditer` would report them: leftmost first, and where several of its words start at
the same place, the one written first in the rule; the next hit starts after the previous one
ends. Rules that are real regexes (look-behinds, optional parts) keep running as regexes.
`tests/ingest/test_keyword_scan.py` checks the equivalence on generated texts.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import ahocorasick

Rule = tuple[str, re.Pattern, int]  # (slug, compiled pattern, weight)
Hit = tuple[int, int, str, int]  # (start, end, slug, weight)

# A rule whose pattern is words joined by | and nothing else: 筛查|测评|普测
WORD_LIST = re.compile(r"[^\\|()\[\]{}?*+.^$]+(?:\|[^\\|()\[\]{}?*+.^$]+)*")


class KeywordScanner:
    """Hits of all rules in rule order, each rule's hits in text order (as `finditer` gives)."""

    def __init__(self, rules: Sequence[Rule]):
        self.rules = list(rules)
        self.regex_rules = {i for i, (_, pattern, _) in enumerate(self.rules)
                            if not WORD_LIST.fullmatch(pattern.pattern)}
        self.automaton = ahocorasick.Automaton()
        words: dict[str, list[tuple[int, int]]] = {}
        for index, (_, pattern, _) in enumerate(self.rules):
            if index in self.regex_rules:
                continue
            for order, word in enumerate(pattern.pattern.split("|")):
                words.setdefault(word, []).append((index, order))
        for word, owners in words.items():
            self.automaton.add_word(word, (len(word), tuple(owners)))
        self.automaton.make_automaton()

    def hits(self, text: str) -> list[Hit]:
        found: list[list[tuple[int, int, int]]] = [[] for _ in self.rules]
        if self.automaton.kind == ahocorasick.AHOCORASICK:
            for last, (length, owners) in self.automaton.iter(text):
                start = last + 1 - length
                for index, order in owners:
                    found[index].append((start, order, last + 1))
        hits: list[Hit] = []
        for index, (slug, pattern, weight) in enumerate(self.rules):
            if index in self.regex_rules:
                hits += [(m.start(), m.end(), slug, weight) for m in pattern.finditer(text)]
            elif found[index]:
                hits += [(start, end, slug, weight) for start, end in _leftmost_first(found[index])]
        return hits


def _leftmost_first(occurrences: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """finditer's choice among (start, word order, end) occurrences of one rule's words."""
    occurrences.sort()
    chosen = []
    position = 0
    for start, _, end in occurrences:
        if start >= position:  # the first at a start is the word written first in the rule
            chosen.append((start, end))
            position = end
    return chosen
