"""Ingest speed (issues 3 and 4), run as its own process over a fresh bench database.

    python -m bench.ingest_speed --files DIR --mode single|bulk [--jobs 2] --out result.json

single: the real `manage.py ingest DIR` command in this process (read, parse, store, index).
bulk: both cores — `manage.py ingest DIR --jobs N`: files parsed in N worker processes while this
process stores them in batches.
"""
from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path

import django


def parse_one(path: str):
    """Worker: parse one file; an IngestError travels back as its message."""
    from archive.ingest.errors import IngestError
    from archive.ingest.pipeline import parse_bytes

    try:
        return parse_bytes(Path(path).read_bytes(), Path(path).name)
    except IngestError as exc:
        return f"{Path(path).name}: {exc}"


def time_command(files: Path, *extra: str) -> dict:
    from django.core.management import CommandError, call_command

    from archive.models import Reply

    before = Reply.objects.count()
    out = io.StringIO()
    start = time.perf_counter()
    try:
        call_command("ingest", str(files), "--user", "bench", *extra, stdout=out, stderr=out)
        failure = ""
    except CommandError as exc:
        failure = str(exc)
    seconds = time.perf_counter() - start
    lines = out.getvalue().splitlines()
    return {
        "seconds": round(seconds, 2),
        "ingested": Reply.objects.count() - before,
        "failed_files": failure,
        "failure_examples": [line for line in lines if "\tfailed\t" in line][:5],
        "summary": lines[-1] if lines else "",
    }


def time_parse_only(paths: list[Path]) -> float:
    """Parse alone, no database: splits the single-process time into parse vs store+index."""
    start = time.perf_counter()
    for path in paths:
        parse_one(str(path))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", required=True, type=Path)
    parser.add_argument("--mode", choices=["single", "bulk"], required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()
    django.setup()
    paths = sorted(p for p in args.files.iterdir() if p.is_file())
    if args.mode == "single":
        result = time_command(args.files)
        result["parse_only_seconds"] = round(time_parse_only(paths), 2)
    else:
        result = time_command(args.files, "--jobs", str(args.jobs))
        result["jobs"] = args.jobs
    result["files"] = len(paths)
    result["bytes"] = sum(p.stat().st_size for p in paths)
    result["rate"] = round(result["ingested"] / result["seconds"], 1) if result["seconds"] else 0
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
