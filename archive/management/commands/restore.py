"""manage.py restore FILE — replace the SQLite archive with a copy made by `backup`.

Stop the web server first: the restore overwrites every table in place. The file is
checked (integrity and an archive table) before anything is touched.
"""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive.management.commands.backup import copy_database, require_sqlite
from archive.sqlite_driver import sqlite3


class Command(BaseCommand):
    help = "Replace the SQLite database with a backup file (stop the server first)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a file written by manage.py backup")

    def handle(self, *args, **options):
        require_sqlite()
        source_path = Path(options["file"])
        if not source_path.is_file():
            raise CommandError(f"{source_path}: no such file")
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
        try:
            check_backup(source, source_path)
            connection.ensure_connection()
            copy_database(source, connection.connection)
        finally:
            source.close()
        replies = connection.cursor().execute("SELECT COUNT(*) FROM archive_reply").fetchone()[0]
        self.stdout.write(f"restored {source_path}: {replies} replies")


def check_backup(source: sqlite3.Connection, path: Path) -> None:
    try:
        ok = source.execute("PRAGMA integrity_check").fetchone()[0]
        source.execute("SELECT COUNT(*) FROM archive_reply").fetchone()
    except sqlite3.DatabaseError as exc:
        raise CommandError(f"{path}: not an archive backup ({exc})") from exc
    if ok != "ok":
        raise CommandError(f"{path}: integrity check failed: {ok}")
