"""Fill a bench database with synthetic replies, as fast as this machine allows.

    python -m bench.build_db --mode pipeline|direct --n 20000 [--jobs 2] --out result.json
    python -m bench.build_db --mode multiply --times 5 --out result.json

pipeline: generate and parse in --jobs worker processes (the real extraction pipeline), store
    them with store_replies() in batches of the ingest command's size — one transaction per
    batch, history rows, search index — exactly as `manage.py ingest --jobs` does.
direct: the same parsing, then bulk_create in batches (no history rows) and `manage.py
    rebuild_index`, the search backend's own bulk path.
multiply: the database already holds a corpus (a copy of the 20k one); copy its replies with
    their measures, types and metrics (times - 1) more times under new ids, then
    rebuild_index. Parsing 100k replies on 2 shared cores takes longer than the whole bench
    may; the copies make an index of the right size with the same term distribution, and
    the report says that is how the 100k database was made.
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


def parsed_stream(n: int, jobs: int):
    with Pool(jobs, initializer=worker_init) as pool:
        yield from pool.imap(generate_and_parse, range(n), chunksize=16)


def store_parsed(n: int, jobs: int, bulk: bool) -> list[str]:
    """Parse n replies in worker processes and store them; return the failures."""
    from django.db import transaction

    from archive.ingest.load import store_replies
    from archive.management.commands.ingest import STORE_BATCH
    from bench.bulk_store import bulk_insert

    failures: list[str] = []
    batch = []
    size = 500 if bulk else STORE_BATCH

    def flush() -> None:
        if bulk:
            with transaction.atomic():
                bulk_insert(batch)
        else:
            failures.extend(f"{p.source_file}: {e}" for p, e in zip(batch, store_replies(batch, "bench")) if e)
        batch.clear()

    for parsed in parsed_stream(n, jobs):
        if isinstance(parsed, str):
            failures.append(parsed)
            continue
        batch.append(parsed)
        if len(batch) >= size:
            flush()
    if batch:
        flush()
    return failures


def copy_rows(times: int) -> None:
    """Copy every reply with its measures, types and metrics (times - 1) more times, in SQL.

    Ids are shifted by a multiple of the table's largest id, so parent links stay inside
    each copy; sha256 gets a suffix so it stays unique.
    """
    from django.db import connection, transaction

    from archive.models import Measure, MeasureType, Metric, Reply

    def columns(model) -> list[str]:
        return [f.column for f in model._meta.concrete_fields]

    with connection.cursor() as cursor:
        offsets = {}
        for model in (Reply, Measure, MeasureType, Metric):
            cursor.execute(f"SELECT max(id) FROM {model._meta.db_table}")
            offsets[model] = cursor.fetchone()[0] or 0
    shifted = {"id": None, "reply_id": Reply, "measure_id": Measure, "parent_id": Measure}
    for copy in range(1, times):
        with transaction.atomic(), connection.cursor() as cursor:
            for model in (Reply, Measure, MeasureType, Metric):
                names = columns(model)
                select = []
                for name in names:
                    target = model if name == "id" else shifted.get(name, "")
                    quoted = connection.ops.quote_name(name)  # "order" is a keyword
                    if target != "":
                        select.append(f"{quoted} + {copy * offsets[target]}")
                    elif model is Reply and name == "sha256":
                        select.append(f"{quoted} || '#{copy}'")
                    else:
                        select.append(quoted)
                table = model._meta.db_table
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(map(connection.ops.quote_name, names))}) "
                    f"SELECT {', '.join(select)} "
                    f"FROM {table} WHERE id <= {offsets[model]}"
                )


def rebuild_index() -> tuple[float, str]:
    from django.core.management import call_command, get_commands

    if "rebuild_index" not in get_commands():
        return 0.0, "no `rebuild_index` command yet: the replies were stored but not indexed"
    start = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        call_command("rebuild_index", "--no-progress", stdout=devnull, stderr=devnull)
    return time.perf_counter() - start, ""


def build(mode: str, n: int, jobs: int, times: int) -> dict:
    from archive.models import Reply

    start = time.perf_counter()
    failures: list[str] = []
    if mode == "multiply":
        copy_rows(times)
    else:
        failures = store_parsed(n, jobs, bulk=mode == "direct")
    stored_seconds = time.perf_counter() - start
    index_seconds, note = rebuild_index() if mode != "pipeline" else (0.0, "")
    seconds = time.perf_counter() - start
    stored = Reply.objects.count()
    return {
        "n": n or stored,
        "mode": mode,
        "jobs": jobs,
        "times": times if mode == "multiply" else 1,
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
    parser.add_argument("--mode", choices=["pipeline", "direct", "multiply"], required=True)
    parser.add_argument("--n", type=int, default=0)
    parser.add_argument("--times", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()
    django.setup()
    result = build(args.mode, args.n, args.jobs, args.times)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
