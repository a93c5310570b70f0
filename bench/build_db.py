"""Fill a bench database with N synthetic replies, as fast as this machine allows.

    python -m bench.build_db --n 20000 --mode pipeline|direct [--jobs 2] --out result.json

Both modes generate and parse the replies in --jobs worker processes (the real extraction
pipeline, so pages have measures, types and metrics to show).
pipeline: each parsed reply is stored and indexed like the ingest command does it.
direct: parsed replies are written in batches with bulk_create (no edit-history rows) and then
indexed by `manage.py rebuild_index`, the search backend's own bulk path — for 100k replies.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from multiprocessing import Pool
from pathlib import Path

import django

SEED = 20241


def generate_and_parse(i: int):
    from archive.ingest.errors import IngestError
    from archive.ingest.pipeline import parse_bytes
    from bench.synthetic import reply_file

    name, data = reply_file(i, SEED)
    try:
        return parse_bytes(data, name)
    except IngestError as exc:
        return f"{name}: {exc}"


def worker_init() -> None:
    django.setup()


def parsed_stream(n: int, jobs: int, start: int = 0):
    with Pool(jobs, initializer=worker_init) as pool:
        yield from pool.imap(generate_and_parse, range(start, start + n), chunksize=16)


def build(n: int, mode: str, jobs: int) -> dict:
    from django.core.management import call_command
    from django.db import transaction

    from bench.bulk_store import bulk_insert
    from archive.ingest.load import store_reply

    failures: list[str] = []
    batch = []
    start = time.perf_counter()
    for parsed in parsed_stream(n, jobs):
        if isinstance(parsed, str):
            failures.append(parsed)
            continue
        if mode == "pipeline":
            store_reply(parsed, user="bench")
            continue
        batch.append(parsed)
        if len(batch) >= 500:
            with transaction.atomic():
                bulk_insert(batch)
            batch = []
    if batch:
        with transaction.atomic():
            bulk_insert(batch)
    stored_seconds = time.perf_counter() - start
    index_seconds = 0.0
    note = ""
    if mode == "direct":
        from django.core.management import get_commands

        if "rebuild_index" in get_commands():
            t = time.perf_counter()
            with open(os.devnull, "w") as devnull:
                call_command("rebuild_index", stdout=devnull, stderr=devnull)
            index_seconds = time.perf_counter() - t
        else:
            note = "no `rebuild_index` command yet: the replies were stored but not indexed"
    seconds = time.perf_counter() - start
    from archive.models import Reply

    stored = Reply.objects.count()
    return {
        "n": n,
        "mode": mode,
        "jobs": jobs,
        "stored": stored,
        "failed": len(failures),
        "failure_examples": failures[:5],
        "seconds": round(seconds, 1),
        "store_seconds": round(stored_seconds, 1),
        "index_seconds": round(index_seconds, 1),
        "rate": round(stored / seconds, 1) if seconds else 0,
        "note": note,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--mode", choices=["pipeline", "direct"], required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()
    django.setup()
    result = build(args.n, args.mode, args.jobs)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
