"""PostgreSQL: asking the partial index of the newest replies first changes no answer.

After rebuild_index (optimize) search_run looks among the newest RECENT replies first and
goes on below them only when that did not fill the page of matches; both ways must give the
newest matches, in order, with the same counts as the whole index.
"""
import datetime

import pytest
from django.db import connection

import archive.search.base as base
from archive.search import backend_for
from archive.search.base import SearchFilters

from .factories import make_reply

QUERIES = ["心理健康", "家校", "第", "健康 -家校", "心理健康 OR 家校共育", "心理 第"]  # the last: whole index at once


def answers(backend, monkeypatch, limit: int) -> dict:
    monkeypatch.setattr(base, "MATCH_LIMIT", limit)
    found = {}
    for query in QUERIES:
        results = backend.search(query, SearchFilters(), sort="date", page_size=20)
        found[query] = (results.count, results.count_capped, [h.reply_id for h in results.hits])
    return found


@pytest.mark.django_db
def test_the_window_of_the_newest_gives_the_answers_of_the_whole_index(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's partial index of the newest replies")
    from archive.search import postgres

    for i in range(10):
        text = f"心理健康第{i}篇" if i % 3 else f"家校共育与心理健康第{i}篇"
        make_reply(text, date=datetime.date(2020, 1, 1 + (i * 7) % 10))
    backend = backend_for("postgresql")
    whole = {limit: answers(backend, monkeypatch, limit) for limit in (2, 4, 2000)}
    monkeypatch.setattr(postgres, "RECENT", 4)
    backend.optimize()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_window")
        assert cursor.fetchone() == (1,)
    for limit in (2, 4, 2000):
        assert answers(backend, monkeypatch, limit) == whole[limit], limit
