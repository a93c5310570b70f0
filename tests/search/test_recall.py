"""Recall 1.000 against substring truth on a synthetic corpus, through the API.

The truth is plain containment in the folded reply text (title + measure headings + body);
the API must return exactly those replies, for words, random 2–4 character substrings,
single characters and the traditional spelling of each query.
"""
import random

import pytest
from zhconv import convert

from archive.models import Reply
from archive.search.query import thesaurus
from archive.search.tokenize import CJK, fold
from bench.corpus import store_corpus

WORDS = ["心理辅导", "家校共育", "医教结合", "心理委员", "危机干预", "课后服务", "学生", "留守儿童",
         "AI", "5G", "12355", "信阳市", "团体心理辅导", "精神卫生中心"]


def api_ids(client, query: str) -> set[int]:
    found, page = set(), 1
    while True:
        body = client.get("/api/search", {"q": query, "page": page, "page_size": 100}).json()
        found |= {r["id"] for r in body["results"]}
        if not body["next"]:
            return found
        page += 1


def searchable_text(reply: Reply) -> str:
    headings = "\n".join(m.heading for m in reply.measures.all())
    return fold(f"{reply.title or ''}\n{headings}\n{reply.text}")


def truth(texts: dict[int, str], query: str) -> set[int]:
    words = [fold(query), *thesaurus().get(fold(query), ())]
    return {pk for pk, text in texts.items() if any(w in text for w in words)}


def cjk_substrings(texts: dict[int, str], rng: random.Random, count: int) -> list[str]:
    runs = [run for text in texts.values() for run in __import__("re").findall(f"[{CJK}]+", text)]
    picked = []
    while len(picked) < count:
        run = rng.choice(runs)
        size = rng.randint(1, 4) if len(picked) % 5 == 0 else rng.randint(2, 4)
        if len(run) >= size:
            start = rng.randint(0, len(run) - size)
            picked.append(run[start : start + size])
    return picked


@pytest.mark.slow
@pytest.mark.django_db
def test_api_returns_exactly_the_replies_containing_the_query(client):
    store_corpus(200, seed=7, sentences_per_measure=(2, 4))
    public = Reply.objects.exclude(public=False).prefetch_related("measures")
    texts = {reply.pk: searchable_text(reply) for reply in public}
    queries = WORDS + cjk_substrings(texts, random.Random(7), 120)
    misses = {}
    for query in queries:
        expected = truth(texts, query)
        for variant in {query, convert(query, "zh-hant")}:
            got = api_ids(client, variant)
            if got != expected:
                misses[variant] = (len(expected - got), len(got - expected))
    assert misses == {}, f"(missed, extra) per query: {misses}"
