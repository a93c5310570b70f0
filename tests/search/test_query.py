"""The one parser and the quoting functions, tested with a table of nasty inputs.

Every compiled query is also run against a real in-memory FTS5 table: user text must
never reach MATCH raw, so none of these may raise.
"""
import sqlite3

import pytest

from archive.search.base import SearchFilters
from archive.search.postgres import tsquery_text
from archive.search.query import escape_fts, escape_tsquery, parse_query
from archive.search.sqlite import match_expression

NASTY = [
    '"', '"心理', '心理"', 'a"b', "*", "心理*", "NEAR(", "NEAR(心理 辅导)", "AND OR", "OR", "NOT",
    "措施 NOT 提案", "-", "--心理", "- 心理", "x" * 10_000, "心" * 10_000, "\x00", "a\x00b", "😀",
    "😀心理😀", "'; DROP TABLE search_fts; --", "col:心理", "{title}:心理", "^心理", "心理 + 辅导",
    "(心理", "心理)", "'", "\\", "\\'", "：", "“心理辅导", "「家校共育」", "    ", "OR OR 心理 OR",
]


@pytest.fixture(scope="module")
def fts():
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, headings, body, filters, "
        "content='', tokenize='unicode61 remove_diacritics 0')"
    )
    db.execute(
        "INSERT INTO search_fts (rowid, title, headings, body, filters) "
        "VALUES (1, '心理 理', '', '心理 理辅 辅导 导 措施 施', 'doc')"
    )
    return db


@pytest.mark.parametrize("text", NASTY, ids=lambda t: repr(t[:12]))
def test_nasty_input_compiles_to_a_valid_fts5_query(fts, text):
    parsed = parse_query(text)
    for private in (True, False):
        expression = match_expression(parsed, SearchFilters(city="信阳\"市", include_private=private))
        fts.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH ?", [expression]).fetchall()
        tsquery_text(parsed, SearchFilters(include_private=private))


def test_quoting_functions_double_their_quote():
    assert escape_fts('a"b') == '"a""b"'
    assert escape_tsquery("it's\\") == "'it''s\\\\'"


def test_space_is_and_or_joins_minus_and_not_exclude():
    parsed = parse_query("心理 辅导 OR 咨询 -提案 NOT 措施")
    assert [[t.text for t in g] for g in parsed.groups] == [["心理"], ["辅导", "咨询"]]
    assert [t.text for t in parsed.excluded] == ["提案", "措施"]


def test_quotes_make_a_phrase_and_unbalanced_quotes_still_parse():
    assert parse_query('"心理 健康"').groups[0][0].quoted
    assert parse_query('"心理 健康').groups[0][0].text == "心理 健康"
    assert parse_query("“家校共育”").groups[0][0].quoted


def test_synonyms_expand_unquoted_terms_only():
    parsed = parse_query("心理咨询")
    assert {t.text for t in parsed.groups[0]} == {"心理咨询", "心理辅导", "心理疏导"}
    assert set(parsed.synonyms_applied) == {"心理辅导", "心理疏导"}
    assert len(parse_query('"心理咨询"').groups[0]) == 1


def test_not_searchable_input_is_empty():
    for text in ("😀", "*", "AND OR", "", "\x00"):
        assert parse_query(text).is_empty


def test_relaxed_splits_long_terms_into_jieba_words():
    relaxed = parse_query("学生心理辅导站建设").relaxed()
    words = [g[0].text for g in relaxed.groups]
    assert "心理辅导" in words and "建设" in words
    assert relaxed.relaxed_terms == ("学生心理辅导站建设",)
    assert parse_query('"学生心理辅导站建设"').relaxed() is None
