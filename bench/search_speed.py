"""Search through the HTTP API under gunicorn, against the raw trigram reference.

For each query kind: p50/p95 of end-to-end request time (query + count + facets + first page
+ JSON), the hit counts, worker RSS after the run, and the same figures for the trigram
reference on the same queries. Index size is compared with the size of the normalised text.
"""
from __future__ import annotations

import json
from pathlib import Path

from archive.sqlite_driver import system_sqlite3
from bench.queries import KINDS, Query, build_queries
from bench.server import get, start_gunicorn
from bench.stats import summarize_ms
from bench.trigram_reference import build_reference, time_reference

# Tables that belong to Django and the archive's data, not to a search index.
NON_INDEX_PREFIXES = ("archive_", "auth_", "django_", "axes_", "sqlite_")


def index_size(db_path: Path) -> dict:
    """Bytes of the search index (FTS5 tables with their shadow tables, and any other table
    outside Django's and the archive's) against the bytes of the normalised texts."""
    # The system library: pysqlite3's build has no dbstat, and this reads no FTS5 table.
    conn = system_sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    sizes = dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
    table_of = dict(conn.execute("SELECT name, tbl_name FROM sqlite_master").fetchall())
    virtual = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")]
    text_bytes, text_chars, replies = conn.execute(
        "SELECT sum(length(CAST(text AS BLOB))), sum(length(text)), count(*) FROM archive_reply"
    ).fetchone()
    conn.close()
    index_tables: dict[str, int] = {}
    for name, size in sizes.items():
        table = table_of.get(name, name)
        if table.startswith(NON_INDEX_PREFIXES):
            continue
        # FTS5 shadow tables (search_fts_data, _idx, …) count under their virtual table.
        owner = next((v for v in virtual if table.startswith(v + "_")), table)
        index_tables[owner] = index_tables.get(owner, 0) + size
    index_bytes = sum(index_tables.values())
    return {
        "replies": replies,
        "text_bytes": text_bytes or 0,
        "text_chars": text_chars or 0,
        "index_bytes": index_bytes,
        "index_tables": dict(sorted(index_tables.items(), key=lambda item: -item[1])),
        "ratio": round(index_bytes / text_bytes, 2) if text_bytes else None,
        "db_file_bytes": db_path.stat().st_size,
    }


def api_available(port: int) -> bool:
    resp = get(port, "/api/search?q=" + "%E5%BF%83%E7%90%86")
    if resp.status != 200:
        return False
    try:
        return "count" in json.loads(resp.body)
    except ValueError:
        return False


def time_api(port: int, queries: list[Query], repeats: int) -> tuple[dict[str, list[float]], int]:
    timings: dict[str, list[float]] = {}
    errors = 0
    # Warm-up: two passes, so that each of the 2 workers has loaded what it loads lazily (the
    # jieba dictionary on the first query that needs it) and the pages are in the OS cache.
    for _ in range(2):
        for query in queries:
            get(port, query.api_path())
    for _ in range(repeats):
        for query in queries:
            resp = get(port, query.api_path())
            if resp.status != 200:
                errors += 1
                continue
            body = json.loads(resp.body)
            query.api_counts.append(body.get("count", -1))
            query.api_capped = bool(body.get("count_capped"))
            query.api_seconds.append(resp.seconds)
            timings.setdefault(query.kind, []).append(resp.seconds)
    return timings, errors


def measure_search(
    db_path: Path, env: dict[str, str], workdir: Path, per_kind: int, repeats: int, index: dict | None = None
) -> dict:
    """Time the API over env's database; queries and the trigram reference come from the SQLite
    corpus at db_path (the same database, or its source when env points at PostgreSQL)."""
    result: dict = {"index": index or index_size(db_path)}
    queries = build_queries(db_path, per_kind)
    result["queries"] = len(queries)

    with start_gunicorn(env, workdir / "gunicorn-search.log") as server:
        if not api_available(server.port):
            result["note"] = "GET /api/search is not available (not written yet or failing): API not measured"
            api_timings, errors = {}, 0
        else:
            api_timings, errors = time_api(server.port, queries, repeats)
        result["worker_rss_mb"] = [round(x, 1) for x in server.worker_rss_mb()]
    result["api_errors"] = errors

    reference_db = workdir / f"trigram-{db_path.stem}.sqlite3"
    result["reference_index"] = build_reference(db_path, reference_db)
    reference_timings = time_reference(reference_db, queries, repeats)
    reference_db.unlink(missing_ok=True)

    result["kinds"] = []
    for kind in KINDS:
        of_kind = [q for q in queries if q.kind == kind]
        api_counts = sorted((q.api_counts[0], q.api_capped) for q in of_kind if q.api_counts)
        median = api_counts[len(api_counts) // 2] if api_counts else None
        result["kinds"].append({
            "kind": kind,
            "api": summarize_ms(api_timings.get(kind, [])),
            "reference": summarize_ms(reference_timings.get(kind, [])),
            "median_count": (f"≥ {median[0]}" if median[1] else median[0]) if median else None,
            "examples": [q.label() for q in of_kind[:3]],
        })
    slowest = sorted((q for q in queries if q.api_seconds), key=lambda q: -max(q.api_seconds))[:5]
    result["slowest"] = [
        {"query": q.label(), "kind": q.kind, "count": q.api_counts[0],
         "ms": [round(t * 1000, 1) for t in q.api_seconds]}
        for q in slowest
    ]
    # Substring truth from the reference: the API may find more (folding), never fewer. A
    # capped count only promises "at least", so it is checked as such.
    result["fewer_than_reference"] = [
        {"query": q.label(), "api": q.api_counts[0], "reference": q.reference_count}
        for q in queries
        if q.api_counts and q.reference_count is not None and q.api_counts[0] < q.reference_count
        and not q.api_capped
    ]
    result["capped_queries"] = sum(1 for q in queries if q.api_capped)
    return result
