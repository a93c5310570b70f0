"""`make bench`: every benchmark of the archive, then docs/performance.md.

    python -m bench.run            # full sizes (≈30–40 min on 2 cores)
    python -m bench.run --quick    # small sizes, a smoke check of the harness (BENCH_QUICK=1 too)
    python -m bench.run --parts ingest,search20k   # a subset (ingest, search20k, pages, load, search100k)

Everything runs in a temporary folder with its own SQLite databases (never data/archive.sqlite3),
in separate processes, with gunicorn bound to 127.0.0.1 only. A part whose feature does not exist
yet is reported as such and the run goes on; a part that fails is reported with its error.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from archive.sqlite_driver import sqlite3
from bench.load import measure_load
from bench.machine import describe_machine
from bench.pages import measure_pages
from bench.postgres import throwaway_postgres
from bench.queries import build_queries
from bench.report import DEFAULT_OUTPUT, write_report
from bench.search_speed import measure_search
from bench.synthetic import write_files
from bench.workspace import django_env, make_workspace, manage, run_step

CORPUS_SEED = 20241
PARTS = ["ingest", "search20k", "pages", "load", "postgres", "search100k"]


@dataclass
class Sizes:
    ingest: int = 1000
    bulk_import: int = 5000  # a bulk import: start-up (~0.4 s) weighs little
    small: int = 20_000
    large: int = 100_000
    per_kind: int = 12
    repeats: int = 3
    page_requests: int = 25
    users: int = 50
    load_seconds: float = 60


QUICK = Sizes(ingest=40, bulk_import=120, small=300, large=600, per_kind=2, repeats=2, page_requests=4, users=6, load_seconds=5)


def load_average() -> float:
    """1-minute load average: above ~2 on this 2-core machine, something else was running."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return -1.0


def log(message: str) -> None:
    print(time.strftime("%H:%M:%S"), message, flush=True)


# Production settings (DEBUG off) unless collecting the static files fails; see prepare_static().
SERVE_DEBUG = {"on": False}


def prepare_static(work: Path) -> str | None:
    """DEBUG off needs the whitenoise manifest; when collectstatic cannot build it, fall back to
    DEBUG on (and say so in the report) rather than measuring 500 pages."""
    try:
        manage(django_env(work / "static.sqlite3"), "collectstatic", "--noinput", log=work / "steps.log")
        return None
    except RuntimeError as exc:
        SERVE_DEBUG["on"] = True
        reason = str(exc).strip().splitlines()[1] if len(str(exc).splitlines()) > 1 else str(exc)
        return (f"`collectstatic` failed ({reason[:200]}), so the servers ran with DJANGO_DEBUG=1 "
                "instead of production settings.")


def new_database(work: Path, name: str) -> tuple[Path, dict[str, str]]:
    db = work / f"{name}.sqlite3"
    env = django_env(db, debug=SERVE_DEBUG["on"])
    env["ARCHIVE_UPLOAD_STAGING_DIR"] = str(work / "upload-staging")
    manage(env, "migrate", "--noinput", log=work / "steps.log")
    return db, env


def part_ingest(work: Path, sizes: Sizes) -> dict:
    files = work / "ingest-files"
    total = write_files(files, sizes.ingest, CORPUS_SEED)
    result = {"files": sizes.ingest, "mean_kb": round(total / sizes.ingest / 1024, 1)}
    _, env = new_database(work, "ingest-single")
    log(f"ingest: {sizes.ingest} files through `manage.py ingest` in one process")
    result["single"] = run_step("bench.ingest_speed", env, work, "--files", str(files), "--mode", "single")
    _, env = new_database(work, "ingest-bulk")
    log("ingest: bulk, parse in 2 processes, store in one")
    result["bulk"] = run_step("bench.ingest_speed", env, work, "--files", str(files), "--mode", "bulk", "--jobs", "2")
    many = work / "bulk-import-files"
    write_files(many, sizes.bulk_import, CORPUS_SEED + 1)
    _, env = new_database(work, "bulk-import")
    log(f"ingest: a bulk import of {sizes.bulk_import} files, parse in 2 processes, store in one")
    result["bulk_import"] = run_step("bench.ingest_speed", env, work, "--files", str(many), "--mode", "bulk",
                                     "--jobs", "2")
    shutil.rmtree(many, ignore_errors=True)
    return result


def build(work: Path, n: int, mode: str) -> tuple[Path, dict[str, str], dict]:
    db, env = new_database(work, f"search-{n}")
    log(f"building a database of {n} replies ({mode})")
    built = run_step("bench.build_db", env, work, "--n", str(n), "--mode", mode, "--jobs", "2")
    log(f"built: {built['stored']} replies in {built['seconds']} s")
    return db, env, built


def small_build_mode(ingest: dict | None, n: int, budget_seconds: float = 600) -> str:
    """The ingest path (store_reply per reply) when the bulk ingest rate measured just before
    builds n replies within the budget, else bulk insert (or when ingest was not measured)."""
    rate = (ingest or {}).get("bulk", {}).get("rate") or 0
    return "pipeline" if rate and n / rate <= budget_seconds else "direct"


def part_search(
    db: Path, env: dict[str, str], work: Path, sizes: Sizes, built: dict, index: dict | None = None
) -> dict:
    log(f"search: {built['stored']} replies through /api/search under gunicorn, and the trigram reference")
    result = measure_search(db, env, work, sizes.per_kind, sizes.repeats, index)
    result["build"] = built
    result["repeats"] = sizes.repeats
    return result


def part_postgres(small: dict, work: Path, sizes: Sizes) -> dict:
    """The 20k corpus copied into a throwaway PostgreSQL, searched through the same API."""
    try:
        with throwaway_postgres() as url:
            env = dict(small["env"], DATABASE_URL=url)
            manage(env, "migrate", "--noinput", log=work / "steps.log")
            log("postgres: copying the corpus and rebuilding the index")
            built = run_step("bench.copy_to_postgres", env, work, "--source", str(small["db"]))
            log(f"postgres: {built['stored']} replies indexed in {built['index_seconds']} s")
            return part_search(small["db"], env, work, sizes, built, index=built.pop("index"))
    except (FileNotFoundError, KeyError, subprocess.CalledProcessError) as exc:  # no server here
        return {"skipped": f"no PostgreSQL server could be started ({type(exc).__name__}: {exc})"}


def common_terms(db: Path) -> list[str]:
    queries = build_queries(db, per_kind=6)
    kinds = ("1 term, common", "1 term, rare", "2 terms (AND)")
    return sorted({t for q in queries if q.kind in kinds for t in q.terms})


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a (WAL-mode) SQLite database, through the online backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def run(sizes: Sizes, parts: list[str], quick: bool, output: Path | None, reuse: Path | None = None) -> dict:
    """Run the parts, write the report (quick runs: into the workspace unless told otherwise).

    With `reuse`, parts of an earlier run's results.json that are not run now are kept, so a
    long part (search100k) can be measured once and the rest re-run later.
    """
    work = make_workspace()
    output = output or (work / "performance.md" if quick else DEFAULT_OUTPUT)
    keep = bool(os.environ.get("BENCH_KEEP"))
    log(f"bench workspace: {work}")
    results: dict = {
        "machine": describe_machine(), "quick": quick, "sizes": sizes.__dict__, "parts": {}, "notes": [],
    }
    static_note = prepare_static(work)
    if static_note:
        results["notes"].append(static_note)

    def save() -> None:
        (work / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))

    def attempt(name: str, fn) -> None:
        started = time.monotonic()
        load_before = load_average()
        try:
            results["parts"][name] = fn()
        except Exception as exc:  # a failing part is reported, the others still run
            results["parts"][name] = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
            traceback.print_exc()
        results["parts"][name]["wall_seconds"] = round(time.monotonic() - started, 1)
        results["parts"][name]["load_average"] = [load_before, load_average()]
        results["parts"][name]["finished_at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        save()

    if "ingest" in parts:
        attempt("ingest", lambda: part_ingest(work, sizes))

    small: dict = {}

    def build_small() -> dict:
        ingest = results["parts"].get("ingest")
        mode = small_build_mode(ingest, sizes.small)
        if mode != "pipeline":
            why = ("the ingest path, at the bulk rate measured above, would have taken longer than the "
                   "bench's budget" if ingest and "bulk" in ingest else "the ingest rate was not measured in this run")
            results["notes"].append(
                f"The {sizes.small:,}-reply database was built by bulk insert + rebuild_index: {why}.")
        small["db"], small["env"], small["built"] = build(work, sizes.small, mode)
        return {"built": small["built"]}

    if {"search20k", "pages", "load", "postgres", "search100k"} & set(parts):
        attempt("build_small", build_small)
    if small.get("db"):
        db, env = small["db"], small["env"]
        terms = common_terms(db)
        if "search20k" in parts:
            attempt("search_small", lambda: part_search(db, env, work, sizes, small["built"]))
        if "pages" in parts:
            log("pages: server time per page")
            attempt("pages", lambda: measure_pages(db, env, work, terms, sizes.page_requests))
        if "load" in parts:
            log(f"load: {sizes.users} users for {sizes.load_seconds:.0f} s")
            attempt("load", lambda: measure_load(db, env, work, terms, sizes.users, sizes.load_seconds))

    if "postgres" in parts and small.get("db"):
        attempt("search_postgres", lambda: part_postgres(small, work, sizes))

    if "search100k" in parts and small.get("db"):
        def large() -> dict:
            times = max(2, round(sizes.large / max(1, small["built"]["stored"])))
            db = work / f"search-{sizes.large}.sqlite3"
            copy_database(small["db"], db)
            env = dict(small["env"], DATABASE_URL=f"sqlite:///{db}")
            log(f"building {times}× the {sizes.small:,}-reply database, then rebuild_index")
            built = run_step("bench.build_db", env, work, "--mode", "multiply", "--times", str(times))
            built["source"] = small["built"]
            log(f"built: {built['stored']} replies in {built['seconds']} s")
            try:
                return part_search(db, env, work, sizes, built)
            finally:
                if not keep:
                    db.unlink(missing_ok=True)
        attempt("search_large", large)

    if reuse:
        earlier = json.loads(reuse.read_text())
        for name, part in earlier.get("parts", {}).items():
            if name not in results["parts"]:
                results["parts"][name] = part
                if name == "build_small":  # no section of its own
                    continue
                results["notes"].append(f"`{name}` figures are from an earlier run of the bench "
                                        f"({part.get('finished_at', earlier['machine'].get('date'))}).")
        save()

    write_report(results, output)
    log(f"wrote {output}; raw figures in {work / 'results.json'}")
    if not keep:
        for leftover in work.glob("*.sqlite3*"):
            leftover.unlink()
        shutil.rmtree(work / "ingest-files", ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("BENCH_QUICK")))
    parser.add_argument("--parts", default=",".join(PARTS), help="comma-separated: " + ",".join(PARTS))
    parser.add_argument("--output", type=Path, default=None)
    for name in ("ingest", "small", "large", "users"):
        parser.add_argument(f"--{name}", type=int, help=f"override the {name} size")
    parser.add_argument("--load-seconds", type=float, help="override the load test's duration")
    parser.add_argument("--reuse", type=Path, help="results.json of an earlier run: keep its parts not run now")
    args = parser.parse_args()
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    sizes = QUICK if args.quick else Sizes()
    for name in ("ingest", "small", "large", "users", "load_seconds"):
        if getattr(args, name) is not None:
            setattr(sizes, name, getattr(args, name))
    run(sizes, parts, args.quick, args.output, args.reuse)


if __name__ == "__main__":
    main()
