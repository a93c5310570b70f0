"""manage.py ingest PATH [PATH ...] [--dry-run] [--user NAME]

One report line per file on stdout (file, status, reason or what was found), then a summary;
the progress bar goes to stderr so stdout stays a clean report. A file that fails — for a known
reason or an unexpected exception — is reported and the batch goes on; exit code 1 if any failed.
"""
from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.errors import Duplicate, IngestError
from archive.ingest.load import store_reply
from archive.ingest.parsed import ParsedReply
from archive.ingest.pipeline import check_size, parse_bytes
from archive.ingest.read import SUFFIXES
from archive.models import Reply

# A progress bar for batches larger than this; a few files need none.
PROGRESS_MIN_FILES = 5


@dataclass
class Outcome:
    status: str  # ingested, parsed (a dry run's success), duplicate or failed
    detail: str


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

    def handle(self, *args, **options):
        if options["if_empty"] and Reply.objects.exists():
            self.stdout.write("archive already holds replies; nothing ingested")
            return
        files = collect_files(options["paths"])
        dry_run = options["dry_run"]
        success = "parsed" if dry_run else "ingested"
        counts = dict.fromkeys([success, "duplicate", "failed"], 0)
        seen: dict[str, str] = {}
        bar = tqdm(
            files, file=sys.stderr, unit="file", desc="ingest",
            disable=True if len(files) < PROGRESS_MIN_FILES else None,  # None: only on a terminal
        )
        for path in bar:
            outcome = self.ingest_one(path, dry_run, options["user"], seen)
            counts[outcome.status] += 1
            with tqdm.external_write_mode(file=sys.stdout):
                self.stdout.write(f"{display_name(path)}\t{outcome.status}\t{outcome.detail}")
        bar.close()
        summary = ", ".join(f"{n} {status}" for status, n in counts.items())
        suffix = " (dry run, nothing written)" if dry_run else ""
        self.stdout.write(f"{len(files)} files: {summary}{suffix}")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {len(files)} file(s) failed", returncode=1)

    def ingest_one(self, path: Path, dry_run: bool, user: str, seen: dict[str, str]) -> Outcome:
        """Parse and (unless dry_run) store one file; never raises.

        seen maps the sha256 of files already handled in this run to their names, so a dry run
        also reports a file repeated within the batch as a duplicate.
        """
        name = Path(display_name(path)).name
        try:
            check_size(path.stat().st_size, name, settings.ARCHIVE_MAX_FILE_BYTES)
            data = path.read_bytes()
            sha256 = hashlib.sha256(data).hexdigest()
            earlier = seen.get(sha256) or Reply.objects.filter(sha256=sha256).values_list("source_file", flat=True).first()
            if earlier:
                raise Duplicate(name, f"duplicate — 相同内容已入库 (same bytes as {earlier})")
            parsed = parse_bytes(data, name, settings.ARCHIVE_MAX_FILE_BYTES)
            if not dry_run:
                store_reply(parsed, user=user)
            seen[sha256] = name
        except Duplicate as exc:
            return Outcome("duplicate", exc.detail)
        except IngestError as exc:
            return Outcome("failed", exc.detail)
        except OSError as exc:
            return Outcome("failed", f"cannot read file — {exc.strerror or exc}")
        except Exception as exc:  # noqa: BLE001 — the edge: one broken file must not abort the batch
            return Outcome("failed", f"unexpected error — {type(exc).__name__}: {exc}")
        return Outcome("parsed" if dry_run else "ingested", describe(parsed))
