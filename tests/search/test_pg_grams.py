"""PostgreSQL's n-gram tokens: a term of one CJK run of up to 4 characters (or one word) is one
token whose presence in a reply's grams is the exact answer; any other term's grams are all in
every reply that passes its check (so the index never drops a match). The SQL tokenizer
(pg_schema.GRAMS_FUNCTION) gives the same tokens as its Python mirror pg_text.text_grams.
"""
import random

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.pg_query import exact_in_index, grams
from archive.search.pg_text import column_text, phrase_check, text_grams
from archive.search.query import make_term

from .test_pg_text import ALPHABET, CJK_ALPHABET


def test_terms_of_up_to_four_cjk_characters_are_one_token():
    assert grams(make_term("心理咨询").phrase) == ["心理咨询"]
    assert grams(make_term("心").phrase) == ["心"]
    assert grams(make_term("心理健康教育").phrase) == ["心理健康", "理健康教", "健康教育"]
    assert grams(make_term("aed128心").phrase) == ["aed", "128", "心"]
    assert [exact_in_index(make_term(q)) for q in ("心", "心理咨询", "AI", "心理健康教育", "aed128", '"心理 健康"')] == [
        True, True, True, False, False, False]


def test_text_grams_are_every_short_substring_of_a_cjk_run_and_whole_words():
    assert text_grams(column_text("心理AI，健康")) == {"心", "理", "心理", "ai", "健", "康", "健康"}


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=30), st.text(ALPHABET, min_size=1, max_size=7))
def test_the_index_answers_exact_terms_and_keeps_every_match_of_the_others(text, query):
    term = make_term(query)
    if term is None:
        return
    column = column_text(text)
    present = text_grams(column)
    found = phrase_check(term.phrase) in column
    if exact_in_index(term):
        [token] = grams(term.phrase)
        assert (token in present) == found
    elif found:
        assert set(grams(term.phrase)) <= present


@settings(max_examples=200, deadline=None)
@given(st.text(CJK_ALPHABET, min_size=1, max_size=30), st.data())
def test_every_short_substring_of_a_cjk_text_is_one_of_its_grams(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    term = make_term(text[start : start + data.draw(st.integers(1, 4))])
    if term is not None and exact_in_index(term):
        assert grams(term.phrase)[0] in text_grams(column_text(text))


@pytest.mark.django_db
def test_the_sql_tokenizer_gives_the_python_grams():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's search_grams()")
    rng = random.Random(4)
    alphabet = ALPHABET + "〇㐀豈é_"
    with connection.cursor() as cursor:
        for _ in range(300):
            columns = [column_text("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))) for _ in range(3)]
            columns.append("_doc _cityx3f")
            cursor.execute("SELECT tsvector_to_array(search_grams(%s, %s, %s, %s))", columns)
            assert set(cursor.fetchone()[0]) == set().union(*map(text_grams, columns)), columns


def test_only_one_term_without_filters_asks_the_window_of_the_newest_first():
    from archive.search.base import SearchFilters
    from archive.search.pg_query import WINDOW, matching_statement, plan
    from archive.search.query import parse_query

    def statement(query: str, filters: SearchFilters) -> str:
        return matching_statement(plan(parse_query(query), filters), filters)

    assert WINDOW in statement("心理", SearchFilters())
    assert WINDOW in statement("心理 OR 健康", SearchFilters())
    assert WINDOW not in statement("心理 健康", SearchFilters())
    assert WINDOW not in statement("心理", SearchFilters(city="南京市"))
