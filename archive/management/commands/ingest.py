"""manage.py ingest PATH [PATH ...] [--dry-run] [--user NAME]"""
from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ingest.errors import Duplicate, FileTooLarge, IngestError
from archive.ingest.load import store_reply
from archive.ingest.pipeline import parse_bytes
from archive.models import Reply

SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}


def collect_files(paths: list[str]) -> list[Path]:
    """Files named directly, plus reply files found recursively under folders, sorted."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.exists():
            found.append(path)
        else:
            raise CommandError(f"{name}: no such file or folder")
    return found


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
        counts = {"ingested": 0, "duplicate": 0, "failed": 0}
        for path in files:
            status, detail = self.ingest_one(path, options["dry_run"], options["user"])
            counts[status] += 1
            self.stdout.write(f"{path}\t{status}\t{detail}")
        summary = ", ".join(f"{n} {s}" for s, n in counts.items())
        self.stdout.write(f"{len(files)} files: {summary}" + (" (dry run, nothing written)" if options["dry_run"] else ""))
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) failed", returncode=1)

    def ingest_one(self, path: Path, dry_run: bool, user: str) -> tuple[str, str]:
        try:
            if path.stat().st_size > settings.ARCHIVE_MAX_FILE_BYTES:
                raise FileTooLarge(path.name)
            parsed = parse_bytes(path.read_bytes(), path.name)
            measures = sum(1 for _ in parsed.walk_measures())
            if not dry_run:
                store_reply(parsed, user=user)
        except Duplicate as exc:
            return "duplicate", exc.detail
        except IngestError as exc:
            return "failed", exc.detail
        return "ingested", f"measures={measures} metrics={len(parsed.metrics)}"
