"""Turn text into search tokens, identically when indexing and when querying.

Why bigrams: a word segmenter alone silently misses text it split differently from the
query (心理辅导 against 心理 / 辅导站). Overlapping character bigrams find every substring
of two or more characters, whatever a segmenter thinks. Each run of CJK characters
becomes its bigrams plus its last character alone (心理健康 -> 心理 理健 健康 康), so every
character starts exactly one token: a one-character query is a prefix query (心*).

Latin letters and digits become lower-cased word tokens, letters split from digits
(AED128 -> aed 128, 5G -> 5 g), matched as whole words.

Folding, on both sides: traditional -> simplified (zhconv's one-character table, so the
text keeps its length and snippet offsets stay valid) and full-width -> half-width.

jieba is used at query time only (see segment_words): indexing its words would cost
more than half the ingest budget (≈200 replies/s alone) for no recall gain.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from operator import add
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
USER_DICT = DATA_DIR / "userdict.txt"


FOLD_FILE = DATA_DIR / "fold.json"
JIEBA_DICT = DATA_DIR / "jieba_dict.txt"  # jieba's dict.txt, words of frequency ≥ 50: ~30 MB less RSS


@cache
def fold_table() -> dict[int, str]:
    """One character in, one character out: 學 -> 学, Ａ -> a, 　 -> space.

    The traditional -> simplified part is pinned in data/fold.json (made from zhconv by
    write_fold_file) so the tokens never change under a library upgrade — the contentless
    index can only delete a document with the tokens it was indexed with.
    """
    table = {ord(k): v for k, v in json.loads(FOLD_FILE.read_text(encoding="utf-8"))["chars"].items()}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII block ！..～
        table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "  # ideographic space
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    for code in range(ord("Ａ"), ord("Ｚ") + 1):
        table[code] = chr(code - 0xFEE0 + 32)
    return table


@cache
def phrase_fixes() -> tuple[re.Pattern, dict[str, str]]:
    """The few words the one-character table gets wrong: 答覆 -> 答复 (覆 alone stays 覆)."""
    fixes = json.loads(FOLD_FILE.read_text(encoding="utf-8"))["words"]
    pattern = re.compile("|".join(map(re.escape, sorted(fixes, key=len, reverse=True))))
    return pattern, fixes


def write_fold_file() -> None:
    """Regenerate data/fold.json from zhconv (then run rebuild_index)."""
    from zhconv.zhconv import getdict

    entries = getdict("zh-hans")
    chars = {k: v for k, v in entries.items() if len(k) == 1 and len(v) == 1 and k != v}
    char_table = {ord(k): v for k, v in chars.items()}
    words: dict[str, str] = {}
    # zhconv's zh-hans word entries all keep their length, so folding keeps offsets.
    for key, value in entries.items():
        folded_key, folded_value = key.translate(char_table), value.translate(char_table)
        if len(key) > 1 and len(key) == len(value) and folded_key != folded_value:
            words.setdefault(folded_key, folded_value)
    data = {"chars": dict(sorted(chars.items())), "words": dict(sorted(words.items()))}
    FOLD_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def preload() -> None:
    """Build the folding tables now (~0.1 s): before forking workers, so they share one copy."""
    fold_table()
    phrase_fixes()


def fold(text: str) -> str:
    """Simplified, half-width, ASCII lower-cased; same length as the input."""
    pattern, fixes = phrase_fixes()
    return pattern.sub(lambda m: fixes[m.group()], text.translate(fold_table()))


# A CJK run or a word of letters or digits: "心理健康", "aed", "128", "é".
# CJK: unified ideographs, extension A, compatibility ideographs, 〇.
CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN_RUN = re.compile(rf"(?P<cjk>[{CJK}]+)|(?P<digits>\d+)|(?P<word>[^\W\d_{CJK}]+)")


@dataclass(frozen=True)
class Run:
    """A maximal run of one kind in folded text, with its offsets."""

    kind: str  # "cjk", "digits" or "word"
    text: str
    start: int
    end: int


def runs(folded: str) -> list[Run]:
    return [
        Run(m.lastgroup or "", m.group(), m.start(), m.end()) for m in TOKEN_RUN.finditer(folded)
    ]


def run_tokens(run: Run) -> list[str]:
    if run.kind != "cjk":
        return [run.text.lower()]
    text = run.text
    return [text[i : i + 2] for i in range(len(text) - 1)] + [text[-1]]


def index_tokens(text: str) -> list[str]:
    """The tokens stored for a text: 心理健康AED128 -> 心理 理健 健康 康 aed 128.

    The hot path of indexing (≈ a few M chars/s): no objects per run, bigrams by map().
    """
    tokens: list[str] = []
    extend, append = tokens.extend, tokens.append
    for match in TOKEN_RUN.finditer(fold(text)):
        run = match.group()
        if match.lastgroup == "cjk":
            extend(map(add, run, run[1:]))
            append(run[-1])
        else:
            append(run.lower())
    return tokens


def index_text(text: str) -> str:
    """index_tokens joined by spaces: what the full-text column receives."""
    return " ".join(index_tokens(text))


@dataclass(frozen=True)
class Phrase:
    """Consecutive tokens that must appear in this order; prefix applies to the last."""

    tokens: tuple[str, ...]
    prefix: bool = False


def phrase_tokens(text: str) -> Phrase | None:
    """The token sequence any text containing `text` also contains, in order.

    The document's last CJK run may continue after the query ends, so the query's own
    closing single character is dropped (心理 matches 心理健康), and a query ending in a
    lone CJK character matches it as a prefix (心 matches 心理 and the closing 心 of 关心).
    """
    found = runs(fold(text))
    if not found:
        return None
    tokens: list[str] = []
    for run in found:
        tokens.extend(run_tokens(run))
    last = found[-1]
    if last.kind == "cjk":
        if len(last.text) >= 2:
            tokens.pop()
        else:
            return Phrase(tuple(tokens), prefix=True)
    return Phrase(tuple(tokens))


@cache
def jieba_tokenizer():
    """jieba with the domain dictionary, loaded once per process."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer(str(JIEBA_DICT))
    tokenizer.load_userdict(str(USER_DICT))
    return tokenizer


def segment_words(text: str) -> list[str]:
    """jieba words of a query (lcut_for_search), folded, keeping only searchable ones."""
    words = jieba_tokenizer().lcut_for_search(fold(text), HMM=False)
    seen: dict[str, None] = {}
    for word in words:
        if runs(word):
            seen.setdefault(word.strip(), None)
    return [w for w in seen if w]


if __name__ == "__main__":
    write_fold_file()
