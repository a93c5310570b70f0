"""Snippets and measure matching: the fast fold used there must be tokenize.fold exactly."""
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.highlight import Highlighter, fast_fold
from archive.search.tokenize import fold, fold_table

# Characters the fold table changes (traditional, full-width, upper case, beyond the BMP)
# mixed with any other text, so both the table and the word fixes (答覆 -> 答复) are exercised.
FOLDED = sorted(chr(code) for code in fold_table())
TEXT = st.lists(st.sampled_from(FOLDED) | st.characters(exclude_categories=("Cs",)) | st.sampled_from(["答覆", "反覆"]))


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_fast_fold_is_tokenize_fold(parts):
    text = "".join(parts)
    assert fast_fold(text) == fold(text)


def test_fast_fold_examples():
    for text in ["學生心理輔導", "現答覆如下", "ＡＩ　１２３５５", "覆盖", "𠀀心理", ""]:
        assert fast_fold(text) == fold(text)


def test_snippet_marks_the_traditional_spelling_of_a_simplified_query():
    snippet = Highlighter(["心理辅导"]).snippet("开展學生心理輔導工作")
    assert "<mark>心理輔導</mark>" in snippet


def test_measure_span_matching_uses_the_folded_reply_text():
    highlighter = Highlighter(["辅导"])
    text = "一、加强輔導。二、其他工作。"
    assert highlighter.matches(text, 0, 7)
    assert not highlighter.matches(text, 7, len(text))
