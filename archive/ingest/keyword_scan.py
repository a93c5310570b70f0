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
Hit = tuple[int, int, int]  # (start, end, index of the rule)

# A rule whose pattern is words joined by | and nothing else: 筛查|测评|普测
WORD_LIST = re.compile(r"[^\\|()\[\]{}?*+.^$]+(?:\|[^\\|()\[\]{}?*+.^$]+)*")


class KeywordScanner:
    """Every rule's hits as (start, end, rule index), in no particular order."""

    def __init__(self, rules: Sequence[Rule]):
        self.rules = list(rules)
        self.regex_rules = [i for i, (_, pattern, _) in enumerate(self.rules)
                            if not WORD_LIST.fullmatch(pattern.pattern)]
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
        found: list[Hit] = []
        if self.automaton.kind == ahocorasick.AHOCORASICK:
            # Sorted by rule, then start, then the word's place in the rule: the first
            # occurrence at a start is the one finditer takes, the next must start after it.
            occurrences = sorted((index, last + 1 - length, order, last + 1)
                                 for last, (length, owners) in self.automaton.iter(text)
                                 for index, order in owners)
            rule = position = -1
            for index, start, _, end in occurrences:
                if index != rule:
                    rule, position = index, 0
                if start >= position:
                    found.append((start, end, index))
                    position = end
        for index in self.regex_rules:
            found += [(m.start(), m.end(), index) for m in self.rules[index][1].finditer(text)]
        return found
