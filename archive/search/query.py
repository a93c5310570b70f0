"""The one query parser: user text -> a small tree every backend compiles safely.

Language: space = AND; `OR` between terms; `-word` or `NOT word` excludes; "exact
phrase" (ASCII, full-width or Chinese quotes). `AND` is accepted and ignored. Anything
else is a literal term; text without letters, digits or CJK (emoji, `*`, `NEAR(`) is
ignored. Backends never see user text: they receive token tuples (tokenize.Phrase) and
pass every token through escape_fts / escape_tsquery below.

Query-time synonyms come from data/synonyms.txt; when an unquoted term has no exact
hit, relaxed() splits it into jieba words (all must appear).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from archive.search.tokenize import CJK, DATA_DIR, Phrase, fold, phrase_tokens, segment_words

MAX_QUERY_CHARS = 500  # longer input is cut here: a bounded query is a bounded cost
MAX_TERMS = 16
SYNONYMS_FILE = DATA_DIR / "synonyms.txt"

# Chinese and corner quotes count as ASCII quotes: “心理辅导” -> "心理辅导".
QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
# One item: an optional minus, then a quoted phrase (closing quote optional) or a bare word.
# Example: -"心理 辅导"  -> neg="-", phrase="心理 辅导";  学生 -> word="学生".
QUERY_ITEM = re.compile(r'(?P<neg>-+)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
CJK_CHAR = re.compile(f"[{CJK}]")


def escape_fts(token: str) -> str:
    """An FTS5 string literal: "心理" ; a"b -> "a""b". The only way text enters MATCH."""
    return '"' + token.replace('"', '""') + '"'


def escape_tsquery(token: str) -> str:
    """A tsquery operand literal: '心理' ; it's -> 'it''s'. The only way text enters tsquery."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True)
class Term:
    text: str  # folded text as typed, used for highlighting
    phrase: Phrase
    quoted: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """AND of groups; each group is an OR of terms; minus the excluded terms."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    synonyms_applied: tuple[str, ...] = ()
    relaxed_terms: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    @property
    def highlight_terms(self) -> list[str]:
        seen: dict[str, None] = {}
        for group in self.groups:
            for term in group:
                seen.setdefault(term.text, None)
        return list(seen)

    def relaxed(self) -> ParsedQuery | None:
        """Split long unquoted CJK terms into jieba words; None when nothing would change."""
        groups: list[tuple[Term, ...]] = []
        relaxed_terms: list[str] = []
        for group in self.groups:
            words = jieba_words(group[0]) if len(group) == 1 and not group[0].quoted else []
            if len(words) > 1:
                relaxed_terms.append(group[0].text)
                groups.extend((w,) for w in words)
            else:
                groups.append(group)
        if not relaxed_terms:
            return None
        return replace(self, groups=tuple(groups), relaxed_terms=tuple(relaxed_terms))


def jieba_words(term: Term) -> list[Term]:
    """jieba words of a term, dropping words contained in a longer one (AND makes them redundant)."""
    if len(CJK_CHAR.findall(term.text)) < 3:
        return []
    words = segment_words(term.text)
    kept = [w for w in words if not any(w != other and w in other for other in words)]
    return [t for t in (make_term(w) for w in kept) if t is not None]


def make_term(text: str, quoted: bool = False) -> Term | None:
    phrase = phrase_tokens(text)
    if phrase is None or not phrase.tokens:
        return None
    return Term(fold(text).strip(), phrase, quoted)


@cache
def thesaurus() -> dict[str, tuple[str, ...]]:
    """Each word -> the other words of its synonym group."""
    groups: dict[str, tuple[str, ...]] = {}
    if not SYNONYMS_FILE.exists():
        return groups
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        words = [fold(w) for w in line.split("#", 1)[0].split()]
        for word in words:
            groups[word] = tuple(w for w in words if w != word)
    return groups


@dataclass
class _Builder:
    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    join_next: bool = False

    def add(self, term: Term) -> None:
        alternatives = [term] + self.synonym_terms(term)
        if self.join_next and self.groups:
            self.groups[-1].extend(alternatives)
        elif len(self.groups) < MAX_TERMS:
            self.groups.append(alternatives)
        self.join_next = False

    def synonym_terms(self, term: Term) -> list[Term]:
        if term.quoted:
            return []
        found = [make_term(word) for word in thesaurus().get(term.text, ())]
        terms = [t for t in found if t is not None]
        self.synonyms.extend(t.text for t in terms)
        return terms


def parse_query(text: str) -> ParsedQuery:
    """User text -> ParsedQuery. Never raises; nonsense gives an empty query."""
    text = (text or "").replace("\x00", " ")[:MAX_QUERY_CHARS].translate(QUOTES)
    builder = _Builder()
    negate_next = False
    for match in QUERY_ITEM.finditer(text):
        word, phrase = match.group("word"), match.group("phrase")
        if word in ("OR", "|") and not match.group("neg"):
            builder.join_next = True
            continue
        if word == "AND" and not match.group("neg"):
            continue
        if word == "NOT" and not match.group("neg"):
            negate_next = True
            continue
        quoted = phrase is not None
        term = make_term(phrase if quoted else word or "", quoted)
        negate = bool(match.group("neg")) or negate_next
        negate_next = False
        if term is None:
            continue
        if negate:
            if len(builder.excluded) < MAX_TERMS:
                builder.excluded.append(term)
        else:
            builder.add(term)
    return ParsedQuery(
        groups=tuple(tuple(g) for g in builder.groups),
        excluded=tuple(builder.excluded),
        synonyms_applied=tuple(dict.fromkeys(builder.synonyms)),
    )
