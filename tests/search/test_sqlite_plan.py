"""How the SQLite backend writes its FTS5 queries: one-character terms through the vocabulary,
ranking over each term's rarest bigram, facet bitmaps. Same answers as the plain forms."""
import datetime

import pytest
from django.db import connection

from archive.search import sqlite as sqlite_backend
from archive.search.base import MATCH_LIMIT, SearchFilters
from archive.search.query import parse_query

from .factories import make_reply

ANYONE = SearchFilters()


@pytest.fixture
def backend(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 query plans")
    from archive.search import backend_for
    from archive.search.vocabulary import Vocabulary

    backend = backend_for("sqlite")
    backend._vocabulary = Vocabulary()  # not the copy an earlier test read
    return backend


def keys_of(backend, text, filters=ANYONE):
    return backend.match_keys(parse_query(text), filters, MATCH_LIMIT + 1)


def test_one_character_is_an_or_of_its_tokens_while_the_vocabulary_is_current(backend):
    replies = [make_reply(text) for text in ("关心学生。", "心理健康。", "内心平静", "没有这个字")]
    parsed = parse_query("心")
    expansion = backend.expansion(parsed)
    assert expansion is not None  # read just now: current
    expression = sqlite_backend.match_expression(parsed, ANYONE, expansion)
    assert '"心理"' in expression and '"心平"' in expression and "*" not in expression
    found = {r.reply_id for r in backend.search("心", ANYONE).hits}
    assert found == {r.pk for r in replies[:3]}


def test_one_character_finds_tokens_written_after_the_vocabulary_was_read(backend):
    make_reply("心理健康。")
    backend.search("心", ANYONE)  # reads the vocabulary
    newer = make_reply("心猿意马。")  # 心猿 is a token the copy has never seen
    assert backend.expansion(parse_query("心")) is None  # index changed: prefix query
    assert newer.pk in {r.reply_id for r in backend.search("心", ANYONE).hits}


def test_bigram_ranking_orders_two_character_terms_exactly_like_phrase_bm25(backend):
    for i in range(8):
        make_reply("家长" * (i % 3 + 1) + "学校。其他。" * i, date=datetime.date(2020, 1, 1 + i))
    make_reply("学校", title="家长学校的答复")
    parsed = parse_query("家长 学校")
    keys = keys_of(backend, "家长 学校")
    ranked = backend.rank(parsed, ANYONE, keys, 0, 20)
    exact = backend.ranked_keys(parsed, ANYONE, 0, 20)
    assert [key for key, _ in ranked] == [key for key, _ in exact]
    assert [round(score, 6) for _, score in ranked] == [round(score, 6) for _, score in exact]


def test_ranking_over_budget_gives_the_newest_first(backend, monkeypatch):
    replies = [make_reply("家校共育。", date=datetime.date(2020 + i, 1, 1)) for i in range(3)]
    monkeypatch.setattr(sqlite_backend, "RANK_INSTANCE_BUDGET", -1)
    results = backend.search("家校共育", ANYONE)
    assert results.ordered_by == "date" and results.count == 3
    assert [h.reply_id for h in results.hits] == [r.pk for r in reversed(replies)]


def test_cjk_terms_need_no_column_filter_but_latin_words_keep_it(backend):
    expression = sqlite_backend.match_expression(parse_query("心理 private"), ANYONE)
    assert '("心理")' in expression and '{title headings body} : ("private")' in expression
    make_reply("心理辅导。", public=False)
    # "private" is also a filter token; as a word it must only match the text.
    assert backend.search("private", SearchFilters(include_private=True)).count == 0


def test_facet_bitmaps_count_like_a_plain_count(backend):
    made = [make_reply("心理。", city=city, year=year, measures=[("辅导", "做好", status, types)])
            for city, year, status, types in [("信阳市", 2023, "done", ["counseling"]),
                                              ("信阳市", 2024, "planned", ["counseling", "family"]),
                                              ("武汉市", 2024, "done", [])]]
    facets = backend.search("心理", ANYONE).facets
    assert facets["city"] == [("信阳市", 2), ("武汉市", 1)]
    assert facets["year"] == [("2024", 2), ("2023", 1)]
    assert dict(facets["type"]) == {"counseling": 2, "family": 1}
    assert dict(facets["status"]) == {"done": 2, "planned": 1}
    assert len(made) == 3


def test_exclusions_are_ranked_within_their_few_matches(backend):
    kept = make_reply("心理辅导。", title="心理辅导的答复")
    other = make_reply("心理健康。")
    for _ in range(30):
        make_reply("心理健康，家长参与。")
    results = backend.search("心理 -家长", ANYONE)
    assert results.ordered_by == "relevance" and results.count == 2
    assert [h.reply_id for h in results.hits] == [kept.pk, other.pk]
