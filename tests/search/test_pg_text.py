"""PostgreSQL's phrase check on folded text means exactly what a phrase of tokens means.

The PostgreSQL backend keeps no token positions: a multi-token term is checked with strpos()
on the folded runs (archive/search/pg_text.py). These pure tests compare that check with the
token-phrase semantics the SQLite backend (and the old tsvector) use, on random texts.
"""
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.pg_text import canonical, column_text, phrase_check, phrase_runs
from archive.search.tokenize import Phrase, index_tokens, phrase_tokens

# A small alphabet so that random texts and queries share runs, words and boundaries.
ALPHABET = "心理健康辅导關心aAi1２ ，。-"
CJK_ALPHABET = "心理健康辅导關心 ，。"  # any substring of CJK text is found (words match whole)


def phrase_in_tokens(phrase: Phrase, tokens: list[str]) -> bool:
    """Consecutive tokens equal to the phrase's; a prefix phrase's last token may go on."""
    size = len(phrase.tokens)
    for start in range(len(tokens) - size + 1):
        window = tokens[start : start + size]
        *head, last = window
        if head == list(phrase.tokens[:-1]) and (
            last.startswith(phrase.tokens[-1]) if phrase.prefix else last == phrase.tokens[-1]
        ):
            return True
    return False


def test_canonical_text_is_the_folded_runs_one_space_apart():
    assert canonical("關於AED128台，學生心理健康。") == "关于 aed 128 台 学生心理健康"
    assert column_text("") == "  "


def test_checks_keep_run_boundaries_where_the_phrase_has_them():
    assert phrase_check(phrase_tokens("心理健康")) == "心理健康"  # may start and end inside a run
    assert phrase_check(phrase_tokens("AI")) == " ai "  # a whole word
    assert phrase_check(phrase_tokens("心理 健康")) == "心理 健康"  # 心理 ends a run, 健康 starts one
    assert phrase_check(phrase_tokens("心")) == "心"
    assert phrase_runs(phrase_tokens("aed128心理")) == [("aed", False), ("128", False), ("心理", True)]


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=30), st.text(ALPHABET, min_size=1, max_size=6))
def test_the_check_finds_a_text_exactly_when_the_token_phrase_does(text, query):
    phrase = phrase_tokens(query)
    if phrase is None or not phrase.tokens:
        return
    assert (phrase_check(phrase) in column_text(text)) == phrase_in_tokens(phrase, index_tokens(text))


@settings(max_examples=200, deadline=None)
@given(st.text(CJK_ALPHABET, max_size=30), st.data())
def test_every_substring_of_a_cjk_text_passes_its_check(text, data):
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    phrase = phrase_tokens(text[start:end])
    if phrase is not None and phrase.tokens:
        assert phrase_check(phrase) in column_text(text)
