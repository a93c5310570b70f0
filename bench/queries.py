"""The query set for the search benchmark, drawn from the bench database itself.

Terms are jieba words of a random sample of the stored texts, sorted by how many sampled
replies contain them: common terms (in ≥ 20% of replies), rare ones (≤ 1%), and filters by the
cities and years the database holds. The same Query objects go to the HTTP API and to the
trigram reference, so both answer exactly the same questions.
"""
from __future__ import annotations

import random
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from archive.sqlite_driver import sqlite3

# A word worth querying: two or more CJK characters, e.g. "心理健康"
CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,6}$")

KINDS = [
    "1 term, common",
    "1 term, rare",
    "1 character",
    "2 terms (AND)",
    "3 terms (AND)",
    "1 term + city",
    "1 term + year",
    "2 terms + city + year",
]


@dataclass
class Query:
    kind: str
    terms: list[str]
    city: str = ""
    year: int | None = None
    api_counts: list[int] = field(default_factory=list)
    api_seconds: list[float] = field(default_factory=list)
    api_capped: bool = False  # the API said "count_capped": at least api_counts[0] replies
    reference_count: int | None = None

    def api_path(self) -> str:
        params = {"q": " ".join(self.terms), "page_size": "20"}
        if self.city:
            params["city"] = self.city
        if self.year:
            params["year"] = str(self.year)
        return "/api/search?" + urllib.parse.urlencode(params)

    def label(self) -> str:
        filters = "".join(f" [{f}]" for f in (self.city, self.year) if f)
        return " ".join(self.terms) + filters


def document_frequencies(texts: list[str]) -> dict[str, int]:
    import jieba  # imported here: only the query builder needs it

    jieba.setLogLevel(60)
    df: dict[str, int] = {}
    for text in texts:
        for word in set(jieba.lcut(text)):
            if CJK_WORD.match(word):
                df[word] = df.get(word, 0) + 1
    return df


def build_queries(db_path: Path, per_kind: int, seed: int = 7) -> list[Query]:
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    # The corpus is generated i.i.d., so its first replies are a fair sample; taking them keeps
    # the query set the same from run to run and between the 20k and the 100k database.
    sample = [row[0] for row in conn.execute("SELECT text FROM archive_reply ORDER BY id LIMIT 1500")]
    cities = [row[0] for row in conn.execute(
        "SELECT city FROM archive_reply WHERE city != '' GROUP BY city ORDER BY count(*) DESC LIMIT 40")]
    years = [row[0] for row in conn.execute(
        "SELECT year FROM archive_reply WHERE year IS NOT NULL GROUP BY year ORDER BY count(*) DESC")]
    conn.close()

    df = document_frequencies(sample)
    n = max(len(sample), 1)
    by_df = sorted(df, key=lambda w: (-df[w], w))
    common = [w for w in by_df if df[w] / n >= 0.2] or by_df[:50]
    medium = [w for w in by_df if 0.02 <= df[w] / n < 0.2] or by_df[50:300]
    rare = [w for w in by_df if 2 <= df[w] and df[w] / n <= 0.01] or by_df[-100:]
    chars = sorted({c for w in common[:60] for c in w})

    def pick(pool: list[str], k: int = 1) -> list[str]:
        return rng.sample(pool, k) if len(pool) >= k else list(pool)

    queries: list[Query] = []
    for _ in range(per_kind):
        queries.append(Query(KINDS[0], pick(common)))
        queries.append(Query(KINDS[1], pick(rare)))
        queries.append(Query(KINDS[2], pick(chars)))
        queries.append(Query(KINDS[3], pick(common) + pick(medium + rare)))
        queries.append(Query(KINDS[4], pick(common, 2) + pick(medium)))
        queries.append(Query(KINDS[5], pick(common + medium), city=rng.choice(cities) if cities else ""))
        queries.append(Query(KINDS[6], pick(common + medium), year=rng.choice(years) if years else None))
        queries.append(Query(
            KINDS[7], pick(common) + pick(medium),
            city=rng.choice(cities) if cities else "", year=rng.choice(years) if years else None,
        ))
    return queries
