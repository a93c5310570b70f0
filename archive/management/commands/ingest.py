"""manage.py ingest PATH [PATH ...] [--dry-run] [--user NAME] [--jobs N]

One report line per file on stdout (file, status, reason or what was found), then a summary;
the progress bar goes to stderr so stdout stays a clean report. A file that fails — for a known
reason or an unexpected exception — is reported and the batch goes on; exit code 1 if any failed.
Files are parsed in --jobs processes (parsing is pure) and stored in batches of STORE_BATCH,
each batch one transaction that falls back to one transaction per file when anything fails.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import IMapIterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from tqdm import tqdm

from archive.ingest.errors import Duplicate, IngestError
from archive.ingest.load import store_replies
from archive.ingest.parsed import ParsedReply
from archive.ingest.pipeline import check_size, parse_bytes
from archive.ingest.pipeline import preload as preload_parser
from archive.ingest.read import SUFFIXES
from archive.models import Reply
from archive.search.tokenize import index_text
from archive.search.tokenize import preload as preload_tokenizer

# A progress bar for batches larger than this; a few files need none.
PROGRESS_MIN_FILES = 5
# Parsed replies stored per transaction: fewer, larger INSERTs.
STORE_BATCH = 50
# With --jobs, fewer are stored at once when the next parsed file is not ready yet: the
# command writes while the workers parse instead of waiting idle for 50 (at the start, and
# after the last file, when only the store is left to do).
MIN_STORE_BATCH = 10
# Files a --jobs worker parses per round trip: 16 spends ~7% less CPU on messages than 4, and
# costs at most 16 files' wait at the start and the end.
PARSE_CHUNK = 16


@dataclass
class Outcome:
    status: str  # ingested, parsed (a dry run's success), duplicate or failed
    detail: str


@dataclass
class Prepared:
    """A file read and parsed (in a worker process when --jobs > 1), not yet stored."""

    name: str
    sha256: str = ""
    parsed: ParsedReply | None = None
    outcome: Outcome | None = None
    index_body: str | None = None  # the text's search tokens, made by a worker (--jobs)


def prepare_and_tokenize(path: Path) -> Prepared:
    """prepare_file, plus the body's search tokens (SQLite index) while still in the worker."""
    item = prepare_file(path)
    if item.parsed is not None:
        item.index_body = index_text(item.parsed.text)
    return item


def prepare_file(path: Path) -> Prepared:
    """Read, size-check and parse one file; never raises (an error becomes a failed outcome)."""
    name = Path(display_name(path)).name
    try:
        check_size(path.stat().st_size, name, settings.ARCHIVE_MAX_FILE_BYTES)
        parsed = parse_bytes(path.read_bytes(), name, settings.ARCHIVE_MAX_FILE_BYTES)
        return Prepared(name, parsed.sha256, parsed)
    except IngestError as exc:
        return Prepared(name, outcome=Outcome("failed", exc.detail))
    except OSError as exc:
        return Prepared(name, outcome=Outcome("failed", f"cannot read file — {exc.strerror or exc}"))
    except Exception as exc:  # noqa: BLE001 — the edge: one broken file must not abort the batch
        return Prepared(name, outcome=Outcome("failed", f"unexpected error — {type(exc).__name__}: {exc}"))


def store_outcome(parsed: ParsedReply, error: Exception | None) -> Outcome:
    if error is None:
        return Outcome("ingested", describe(parsed))
    if isinstance(error, Duplicate):
        return Outcome("duplicate", error.detail)
    if isinstance(error, IngestError):
        return Outcome("failed", error.detail)
    return Outcome("failed", f"unexpected error — {type(error).__name__}: {error}")


def collect_files(paths: list[str]) -> list[Path]:
    """Paths named directly (any name), plus reply files found recursively under folders."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(
                sorted(
                    p for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
                )
            )
        else:
            found.append(path)  # a missing one is reported as failed, like any unreadable file
    return list(dict.fromkeys(found))


def display_name(path: Path) -> str:
    """A path as text even when its bytes are not UTF-8 (GBK names from a Windows zip)."""
    raw = os.fsencode(path)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def describe(parsed: ParsedReply) -> str:
    """What was found: counts first, then the header facts a reader checks at a glance."""
    measures = sum(1 for _ in parsed.walk_measures())
    header = parsed.header
    facts = [f"measures={measures}", f"metrics={len(parsed.metrics)}"]
    for name in ("bureau", "proposal_number", "date"):
        value = getattr(header, name)
        if value:
            facts.append(f"{name}={value}")
    return " ".join(facts)


class Command(BaseCommand):
    help = "Parse reply files (.txt .md .html .pdf .docx) and store them in the archive."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders (searched recursively)")
        parser.add_argument("--dry-run", action="store_true", help="parse and report, write nothing")
        parser.add_argument("--user", default="", help="who is ingesting (recorded on each reply)")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the archive already holds replies"
        )
        parser.add_argument("--jobs", type=int, default=1, help="processes that parse files (default 1)")

    def handle(self, *args, **options):
        if options["if_empty"] and Reply.objects.exists():
            self.stdout.write("archive already holds replies; nothing ingested")
            return
        if options["jobs"] < 1:
            raise CommandError("--jobs must be at least 1")
        files = collect_files(options["paths"])
        dry_run, user = options["dry_run"], options["user"]
        success = "parsed" if dry_run else "ingested"
        self.counts = dict.fromkeys([success, "duplicate", "failed"], 0)
        seen: dict[str, str] = {}
        pending: list[tuple[Path, Prepared]] = []
        bar = tqdm(
            files, file=sys.stderr, unit="file", desc="ingest",
            disable=True if len(files) < PROGRESS_MIN_FILES else None,  # None: only on a terminal
        )
        with self.parser_pool(options["jobs"], len(files)) as pool:
            if pool:
                work = prepare_and_tokenize if connection.vendor == "sqlite" and not dry_run else prepare_file
                prepared = pool.imap(work, files, chunksize=PARSE_CHUNK)
            else:
                prepared = map(prepare_file, files)
            waiting = 0
            for path, (item, next_ready) in zip(bar, with_readiness(prepared)):
                pending.append((path, item))
                waiting += item.outcome is None
                if waiting >= STORE_BATCH or (waiting >= MIN_STORE_BATCH and not next_ready):
                    self.flush(pending, seen, user, dry_run)
                    waiting = 0
            self.flush(pending, seen, user, dry_run)
        bar.close()
        summary = ", ".join(f"{n} {status}" for status, n in self.counts.items())
        suffix = " (dry run, nothing written)" if dry_run else ""
        self.stdout.write(f"{len(files)} files: {summary}{suffix}")
        if self.counts["failed"]:
            raise CommandError(f"{self.counts['failed']} of {len(files)} file(s) failed", returncode=1)

    def parser_pool(self, jobs: int, files: int):
        """Worker processes for parsing, or a no-op context when one process is enough."""
        if jobs == 1 or files < 2 * STORE_BATCH:
            return nullpool()
        connections.close_all()  # forked workers must not share the parent's connection
        preload_tokenizer()  # this process folds titles too: build the tables once, before the fork
        preload_parser()
        return multiprocessing.get_context("fork").Pool(jobs)

    def mark_duplicates(self, items: list[Prepared], seen: dict[str, str]) -> None:
        """Same bytes as a file earlier in this run or already in the archive: a duplicate.

        Checked here too (not only by the database) so a dry run reports repeats as well;
        one query per batch asks the archive about all of its files.
        """
        shas = [item.sha256 for item in items]
        stored = dict(Reply.objects.filter(sha256__in=shas).values_list("sha256", "source_file"))
        for item in items:
            earlier = seen.get(item.sha256) or stored.get(item.sha256)
            if earlier:
                item.outcome = Outcome("duplicate", f"duplicate — 相同内容已入库 (same bytes as {earlier})")
            else:
                seen[item.sha256] = item.name

    def flush(self, pending: list[tuple[Path, Prepared]], seen: dict[str, str], user: str, dry_run: bool) -> None:
        """Store the parsed replies waiting in pending, then report every pending file in order."""
        self.mark_duplicates([item for _, item in pending if item.outcome is None], seen)
        waiting = [item for _, item in pending if item.outcome is None]
        if dry_run:
            for item in waiting:
                item.outcome = Outcome("parsed", describe(item.parsed))
        else:
            results = store_replies([i.parsed for i in waiting], user, [i.index_body for i in waiting])
            for item, error in zip(waiting, results):
                item.outcome = store_outcome(item.parsed, error)
        for path, item in pending:
            self.counts[item.outcome.status] += 1
            with tqdm.external_write_mode(file=sys.stdout):
                self.stdout.write(f"{display_name(path)}\t{item.outcome.status}\t{item.outcome.detail}")
        pending.clear()


def with_readiness(results: Iterable[Prepared]) -> Iterator[tuple[Prepared, bool]]:
    """Each result, and whether the next one is already there (always, without workers)."""
    if not isinstance(results, IMapIterator):
        yield from ((item, True) for item in results)
        return
    ahead: list[Prepared] = []
    while True:
        try:
            item = ahead.pop() if ahead else results.next()
        except StopIteration:
            return
        try:
            ahead.append(results.next(timeout=0))
        except multiprocessing.TimeoutError:
            yield item, False
        except StopIteration:
            yield item, True
            return
        else:
            yield item, True


class nullpool:
    """Stands in for a Pool when files are parsed in this process."""

    def __enter__(self):
        return None

    def __exit__(self, *exc) -> None:
        return None
