"""The folded text PostgreSQL searches, and exact phrase checks on it.

Why: a positional tsvector (what phrases need in GIN) cost 2.3× the text, and every phrase
made GIN recheck each candidate's whole vector. Instead search_entry keeps, per column (title,
headings, body), the folded text cut into tokenize.py's runs (a CJK run, a digit run, a word
of letters), lower-cased, one space apart, with a space at each end:

    title "关于AED128台的答复" -> " 关于 aed 128 台的答复 "     body "學生心理健康。" -> " 学生心理健康 "

The GIN index is on the tokens of those strings (search_grams() in pg_schema.py: every 1- to
4-character gram inside a CJK run, any other run as is, no positions; text_grams below is the
same in Python). A term of up to 4 CJK characters is one such token; a longer phrase, or one
of several runs, is then checked exactly on the text (phrase_check below), and that check is the
tsquery phrase of the same tokens: a CJK run inside a phrase must be a whole run (spaces on
both sides), the first may start inside a run, the last may go on; a word is a whole word.
"""
from __future__ import annotations

import re

from archive.search.pg_schema import GRAM
from archive.search.tokenize import CJK, TOKEN_RUN, Phrase, fold

CJK_START = re.compile(f"[{CJK}]")  # a token that is CJK: "心理", "康"; not "ai", "128"


def canonical(text: str) -> str:
    """心理健康AED128, 學生 -> "心理健康 aed 128 学生" (same runs as tokenize.index_tokens)."""
    return " ".join(
        run.group() if run.lastgroup == "cjk" else run.group().lower() for run in TOKEN_RUN.finditer(fold(text))
    )


def column_text(text: str) -> str:
    """What a text column of search_entry holds: the canonical runs between two spaces, so a
    check for a whole word (" ai ") also finds the first and last one."""
    return f" {canonical(text)} "


def is_cjk(token: str) -> bool:
    return CJK_START.match(token) is not None


def phrase_runs(phrase: Phrase) -> list[tuple[str, bool]]:
    """The runs a token sequence came from: (text, is_cjk). 心理 理健 健 ai -> 心理健, ai.

    A CJK run's tokens are its bigrams and then its last character alone; a query's final CJK
    run lost that closing character (it may continue in a document), so it stays open.
    """
    found: list[tuple[str, bool]] = []
    current = ""
    for token in phrase.tokens:
        if not is_cjk(token):
            if current:
                found.append((current, True))
                current = ""
            found.append((token, False))
        elif len(token) == 2:
            current = current + token[1] if current else token
        else:  # a lone character closes its run (the run may be just this character)
            found.append((current or token, True))
            current = ""
    if current:
        found.append((current, True))
    return found


def phrase_check(phrase: Phrase) -> str:
    """The string that occurs in a reply's canon exactly when the phrase's tokens do.

    "心理健康" -> "心理健康" (anywhere in a run); "ai" -> " ai " (a whole word);
    '"辅导 与家校"' -> "辅导 与家校" (辅导 ends a run, 与家校 starts the next).
    """
    runs = phrase_runs(phrase)
    if not runs:
        return ""
    text = " ".join(run for run, _ in runs)
    first_cjk, last_cjk = runs[0][1], runs[-1][1]
    if not first_cjk:
        text = " " + text
    last_closed = not last_cjk or (not phrase.prefix and phrase.tokens and len(phrase.tokens[-1]) == 1)
    if last_closed:
        text += " "
    return text


def text_grams(text: str) -> set[str]:
    """The tokens pg_schema.search_grams() indexes for a column_text, in Python (tests compare
    the two): every 1- to GRAM-character gram inside each CJK run, every other run whole.
    " 心理健康 ai " -> 心 理 健 康 心理 理健 健康 心理健 理健康 心理健康 ai."""
    found: set[str] = set()
    for run in text.split():
        if not is_cjk(run):
            found.add(run)
            continue
        for size in range(1, GRAM + 1):
            found.update(run[i : i + size] for i in range(len(run) - size + 1))
    return found
