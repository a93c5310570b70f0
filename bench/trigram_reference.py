"""The yardstick for search speed: a raw SQLite FTS5 trigram table over the same texts.

Built in its own file from the bench database's normalised texts, queried in-process (no
HTTP, no Django) with the same queries as the HTTP API. The trigram tokenizer cannot use its
index for terms shorter than three characters, and on SQLite 3.40 `LIKE '%心理%'` against a
trigram table returns no rows, so short terms are checked with instr() (a scan); see
../shared/search-findings.md.
"""
from __future__ import annotations

import time
from pathlib import Path

from archive.sqlite_driver import sqlite3, system_sqlite3
from bench.queries import Query


def build_reference(source_db: Path, target: Path) -> dict:
    """Copy id, city, year and text from the bench database into a trigram FTS5 table."""
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    conn.execute("ATTACH DATABASE ? AS src", (f"file:{source_db}?mode=ro",))
    start = time.perf_counter()
    conn.executescript(
        """
        CREATE VIRTUAL TABLE ref USING fts5(text, tokenize='trigram');
        CREATE TABLE meta (id INTEGER PRIMARY KEY, city TEXT, year INTEGER, date TEXT);
        CREATE INDEX meta_city ON meta(city);
        CREATE INDEX meta_year ON meta(year);
        INSERT INTO ref(rowid, text) SELECT id, text FROM src.archive_reply;
        INSERT INTO meta SELECT id, city, year, date FROM src.archive_reply;
        """
    )
    conn.commit()
    seconds = time.perf_counter() - start
    conn.execute("DETACH DATABASE src")
    conn.close()
    # The system library measures: pysqlite3's build has no dbstat (sizes only, no FTS5 read).
    conn = system_sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    sizes = dict(
        conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'ref%' GROUP BY name"
        ).fetchall()
    )
    conn.close()
    index_bytes = sum(size for name, size in sizes.items() if name != "ref_content")
    return {"build_seconds": round(seconds, 1), "index_bytes": index_bytes, "file_bytes": target.stat().st_size}


def fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def reference_sql(query: Query) -> tuple[str, str, list]:
    """(count SQL, top-20 SQL, parameters) for one query: MATCH for terms of three or more
    characters, instr() for shorter ones, a JOIN to the metadata table for filters."""
    long_terms = [t for t in query.terms if len(t) >= 3]
    short_terms = [t for t in query.terms if len(t) < 3]
    where, params = [], []
    if long_terms:
        where.append("ref MATCH ?")
        params.append(" AND ".join(fts_phrase(t) for t in long_terms))
    for term in short_terms:
        where.append("instr(ref.text, ?) > 0")
        params.append(term)
    if query.city:
        where.append("meta.city = ?")
        params.append(query.city)
    if query.year:
        where.append("meta.year = ?")
        params.append(query.year)
    # Join order spelled out (CROSS JOIN): SQLite 3.51's planner, left to itself, scans every
    # text for instr() before a filter, or re-runs MATCH for each row a filter picked (seconds
    # to minutes at 100k; 3.40 chose well). The yardstick should use the fast plan:
    # MATCH drives when there is a long term, else the filter's index, else a scan.
    if long_terms or not (query.city or query.year):
        tables = "ref CROSS JOIN meta ON meta.id = ref.rowid"
    else:
        tables = "meta CROSS JOIN ref ON ref.rowid = meta.id"
    base = f"FROM {tables} WHERE " + " AND ".join(where)
    order = "ORDER BY bm25(ref)" if long_terms else "ORDER BY meta.date DESC, meta.id DESC"
    return f"SELECT count(*) {base}", f"SELECT ref.rowid {base} {order} LIMIT 20", params


def time_reference(reference_db: Path, queries: list[Query], repeats: int) -> dict[str, list[float]]:
    """Seconds per query (count + first page), grouped by query kind; counts kept for checking."""
    conn = sqlite3.connect(f"file:{reference_db}?mode=ro", uri=True)
    timings: dict[str, list[float]] = {}
    for query in queries:
        count_sql, page_sql, params = reference_sql(query)
        for _ in range(repeats):
            start = time.perf_counter()
            query.reference_count = conn.execute(count_sql, params).fetchone()[0]
            conn.execute(page_sql, params).fetchall()
            timings.setdefault(query.kind, []).append(time.perf_counter() - start)
    conn.close()
    return timings
