"""Copy a bench SQLite database's replies into PostgreSQL and index them there.

    DATABASE_URL=postgres://… python -m bench.copy_to_postgres --source search-20000.sqlite3 --out r.json

Same rows (ids included) as the SQLite corpus, so both backends answer the same queries over
the same texts; then `manage.py rebuild_index` builds the PostgreSQL backend's index.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import django

from archive.sqlite_driver import sqlite3


def copy_tables(source: Path) -> int:
    from django.db import connection, transaction

    from archive.models import Measure, MeasureType, Metric, Reply

    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    for model in (Reply, Measure, MeasureType, Metric):
        table = model._meta.db_table
        columns = [f.column for f in model._meta.concrete_fields]
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        insert = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"
        booleans = [i for i, f in enumerate(model._meta.concrete_fields) if f.get_internal_type() == "BooleanField"]
        rows = reader.execute(f"SELECT {quoted} FROM {table} ORDER BY id")
        while chunk := rows.fetchmany(2000):
            if booleans:  # SQLite stores booleans as 0/1
                chunk = [tuple(bool(v) if i in booleans and v is not None else v for i, v in enumerate(row))
                         for row in chunk]
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(insert, chunk)
    count = reader.execute("SELECT count(*) FROM archive_reply").fetchone()[0]
    reader.close()
    return count


def index_size() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(octet_length(text)), count(*) FROM archive_reply")
        text_bytes, replies = cursor.fetchone()
        cursor.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'search%%'"
        )
        tables = dict(cursor.fetchall())
        cursor.execute("SELECT pg_database_size(current_database())")
        database = cursor.fetchone()[0]
    index_bytes = sum(tables.values())
    return {
        "replies": replies, "text_bytes": text_bytes or 0, "index_bytes": index_bytes,
        "index_tables": dict(sorted(tables.items(), key=lambda item: -item[1])),
        "ratio": round(index_bytes / text_bytes, 2) if text_bytes else None,
        "db_file_bytes": database,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    django.setup()
    from bench.build_db import rebuild_index

    start = time.perf_counter()
    stored = copy_tables(args.source)
    copied = time.perf_counter() - start
    index_seconds, note = rebuild_index()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    result = {
        "mode": "postgres", "stored": stored, "jobs": 1, "copy_seconds": round(copied, 1),
        "index_seconds": round(index_seconds, 1), "seconds": round(time.perf_counter() - start, 1),
        "note": note, "index": index_size(),
    }
    result["rate"] = round(stored / index_seconds, 1) if index_seconds else 0
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
