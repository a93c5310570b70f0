"""Load test (issue 6): N concurrent users against 2 gunicorn workers on 127.0.0.1, bounded in time.

Closed loop without think time: each user (a thread) sends its next request as soon as the
previous one is answered, so this measures throughput at saturation. The mix: search pages
and API searches (some with a city or year filter), facet pages (city, year, type) and reply
pages. An error is a connection failure or a 5xx; other non-200 answers are counted apart.
"""
from __future__ import annotations

import random
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from bench.pages import sample_values
from bench.server import get, start_gunicorn
from bench.stats import summarize_ms

PathMaker = Callable[[random.Random], str]


def request_mix(values: dict[str, list], terms: list[str]) -> list[tuple[str, float, PathMaker]]:
    """(kind, weight, rng → path) for each kind of request in the mix."""
    q = urllib.parse.quote
    cities = values["cities"][:30] or [""]
    years = values["years"] or [""]
    types = values["types"] or ["other"]
    ids = values["ids"] or [1]
    return [
        ("search page", 0.25, lambda r: f"/search/?q={q(r.choice(terms))}"),
        ("search API", 0.15, lambda r: f"/api/search?q={q(r.choice(terms))}"),
        ("search API + filter", 0.10, lambda r: f"/api/search?q={q(r.choice(terms))}&city={q(r.choice(cities))}"),
        ("search page + facet", 0.10, lambda r: f"/search/?q={q(r.choice(terms))}&year={r.choice(years)}"),
        ("facet page", 0.10, lambda r: r.choice([
            f"/cities/{q(r.choice(cities))}/", f"/years/{r.choice(years)}/", f"/types/{q(r.choice(types))}/"])),
        ("reply page", 0.30, lambda r: f"/replies/{r.choice(ids)}/"),
    ]


def run_load(port: int, mix: list[tuple[str, float, PathMaker]], users: int, seconds: float) -> dict:
    records: list[tuple[str, int, float, str]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    kinds = [m[0] for m in mix]
    weights = [m[1] for m in mix]
    makers = {m[0]: m[2] for m in mix}

    def user(seed: int) -> None:
        rng = random.Random(seed)
        local = []
        while time.monotonic() < stop_at:
            kind = rng.choices(kinds, weights)[0]
            resp = get(port, makers[kind](rng), timeout=60)
            local.append((kind, resp.status, resp.seconds, resp.error))
        with lock:
            records.extend(local)

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    elapsed = time.monotonic() - start

    errors = [r for r in records if r[1] == 0 or r[1] >= 500]
    other = [r for r in records if r[1] not in (0, 200) and r[1] < 500]
    by_kind = {
        kind: {**summarize_ms([r[2] for r in records if r[0] == kind]),
               "errors": sum(1 for r in errors if r[0] == kind)}
        for kind in kinds
    }
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": len(records),
        "throughput_rps": round(len(records) / elapsed, 1) if elapsed else 0,
        "errors": len(errors),
        "error_examples": sorted({f"{r[0]}: {r[1] or r[3]}" for r in errors})[:5],
        "non_200": len(other),
        "non_200_examples": sorted({f"{r[0]}: {r[1]}" for r in other})[:5],
        "all": summarize_ms([r[2] for r in records]),
        "by_kind": by_kind,
    }


def measure_load(
    db_path: Path, env: dict[str, str], workdir: Path, terms: list[str], users: int, seconds: float
) -> dict:
    values = sample_values(db_path, random.Random(5), 500)
    mix = request_mix(values, terms)
    with start_gunicorn(env, workdir / "gunicorn-load.log") as server:
        result = run_load(server.port, mix, users, seconds)
        result["worker_rss_mb"] = [round(x, 1) for x in server.worker_rss_mb()]
    return result
