"""Tokenisation is the contract between index and query: pure tests, no database."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.tokenize import fold, index_tokens, phrase_tokens, segment_words


def test_cjk_runs_become_bigrams_plus_their_last_character():
    assert index_tokens("心理健康") == ["心理", "理健", "健康", "康"]
    assert index_tokens("心。") == ["心"]


def test_latin_and_digits_are_lower_cased_words_split_from_each_other():
    assert index_tokens("AED128 5G网络 Ai") == ["aed", "128", "5", "g", "网络", "络", "ai"]


@pytest.mark.parametrize(
    "text, folded",
    [("學生心理", "学生心理"), ("ＡＢＣ１２３", "abc123"), ("心理　健康", "心理 健康"), ("輔導後", "辅导后"), ("現答覆如下", "现答复如下"), ("覆盖", "覆盖")],
)
def test_folding_is_simplified_half_width_lower_case_and_keeps_length(text, folded):
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


def test_query_phrase_drops_the_closing_character_and_single_characters_are_prefixes():
    assert phrase_tokens("心理健康").tokens == ("心理", "理健", "健康")
    single = phrase_tokens("心")
    assert single.tokens == ("心",) and single.prefix
    assert phrase_tokens("理5G").tokens == ("理", "5", "g")
    assert phrase_tokens("😀 *") is None


def test_traditional_query_gives_the_simplified_tokens():
    assert phrase_tokens("學生心理") == phrase_tokens("学生心理")


def test_jieba_uses_the_domain_dictionary():
    assert "家校共育" in segment_words("推进家校共育工作")
    assert "心理健康教育" in segment_words("加强心理健康教育")


def contains_in_order(haystack: list[str], needle: tuple[str, ...], prefix: bool) -> bool:
    n = len(needle)
    for i in range(len(haystack) - n + 1):
        window = haystack[i : i + n]
        if list(window[:-1]) == list(needle[:-1]) and (
            window[-1].startswith(needle[-1]) if prefix else window[-1] == needle[-1]
        ):
            return True
    return False


CHARS = st.sampled_from(list("心理健康教育辅导学生家校共育，。 AaI5G12的"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(CHARS, min_size=1, max_size=40), data=st.data())
def test_every_substring_query_finds_the_text_it_came_from(text, data):
    """The invariant behind recall 1.000: a substring's phrase occurs in the text's tokens."""
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    query = text[start:end]
    phrase = phrase_tokens(query)
    if phrase is None:
        return
    # Words are matched whole: only test substrings that do not cut a Latin/digit word.
    if (start > 0 and text[start - 1].isascii() and text[start - 1].isalnum() and text[start].isalnum()) or (
        end < len(text) and text[end].isascii() and text[end].isalnum() and text[end - 1].isascii() and text[end - 1].isalnum()
    ):
        return
    assert contains_in_order(index_tokens(text), phrase.tokens, phrase.prefix)
