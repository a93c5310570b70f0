"""manage.py backup FILE — a consistent copy of the SQLite archive while it keeps serving.

Uses SQLite's online backup API, so readers and an ingest may run meanwhile (WAL mode);
the copy is a plain SQLite file that `manage.py restore FILE` (or copying it back while
the server is stopped) brings back. PostgreSQL has pg_dump for this; see docs/operations.md.
"""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.sqlite_driver import sqlite3


def require_sqlite() -> None:
    if connection.vendor != "sqlite":
        raise CommandError(
            f"backup/restore copy SQLite files; this database is {connection.vendor}. "
            "Use pg_dump / pg_restore (docs/operations.md) or dumpdata / loaddata."
        )


def copy_database(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Copy page by page; other connections may keep reading and writing meanwhile."""
    source.backup(target, pages=1024)


class Command(BaseCommand):
    help = "Write a consistent copy of the SQLite database to FILE (online backup API)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the copy (must not exist)")

    def handle(self, *args, **options):
        require_sqlite()
        target_path = Path(options["file"])
        if target_path.exists():
            raise CommandError(f"{target_path} already exists; choose a new file name")
        target_path.parent.mkdir(parents=True, exist_ok=True)
        connection.ensure_connection()
        target = sqlite3.connect(target_path)
        try:
            copy_database(connection.connection, target)
            ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
        if ok != "ok":
            raise CommandError(f"{target_path}: integrity check failed: {ok}")
        self.stdout.write(f"backup written to {target_path} ({target_path.stat().st_size} bytes)")
