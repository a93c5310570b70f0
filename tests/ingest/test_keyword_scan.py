"""The one-pass keyword scanner finds exactly what each rule's own finditer finds."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.ingest.classify import COMPILED_RULES, SCANNER
from archive.ingest.keyword_scan import KeywordScanner


def finditer_hits(rules, text):
    """What each rule's own finditer finds, as the scanner reports it: (start, end, rule index)."""
    return sorted((m.start(), m.end(), index) for index, (_, pattern, _) in enumerate(rules)
                  for m in pattern.finditer(text))


def scanner_hits(scanner, text):
    return sorted(scanner.hits(text))


# Texts made of the rules' own words, pieces of them and filler, so words overlap, nest and
# share starts (心理咨询师 / 心理咨询 / 咨询).
RULE_WORDS = sorted({word for _, pattern, _ in COMPILED_RULES for word in re.findall(r"[\u4e00-\u9fff]+", pattern.pattern)})
PIECES = st.one_of(
    st.sampled_from(RULE_WORDS),
    st.sampled_from(RULE_WORDS).map(lambda w: w[1:] or w),
    st.sampled_from(RULE_WORDS).map(lambda w: w[:-1] or w),
    st.sampled_from(list("的和在，。；、“”《》学生心理健康教育建设 ")),
)
TEXTS = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_same_hits_as_each_rules_finditer(text):
    assert scanner_hits(SCANNER, text) == finditer_hits(COMPILED_RULES, text)


def test_word_order_decides_between_words_at_one_start():
    # Like re: the word written first wins where two start at the same place, even if shorter.
    rules = [("a", re.compile("心理|心理咨询"), 1), ("b", re.compile("心理咨询|心理"), 2)]
    text = "开展心理咨询，心理辅导"
    assert scanner_hits(KeywordScanner(rules), text) == finditer_hits(rules, text)
    assert [hit for hit in scanner_hits(KeywordScanner(rules), text) if hit[2] == 0] == [(2, 4, 0), (7, 9, 0)]


def test_regex_rules_run_as_regexes():
    rules = [("x", re.compile(r"心理(?:健康)?教师"), 1), ("y", re.compile("教师"), 1)]
    scanner = KeywordScanner(rules)
    assert scanner.regex_rules == [0]
    text = "心理健康教师和心理教师"
    assert scanner_hits(scanner, text) == finditer_hits(rules, text)


def test_text_without_any_word_and_empty_text():
    assert SCANNER.hits("") == []
    assert scanner_hits(SCANNER, "abc 123") == finditer_hits(COMPILED_RULES, "abc 123") == []
