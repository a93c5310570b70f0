"""Backup and restore: the SQLite online backup command, and a dumpdata/loaddata round trip."""
import json

import pytest
from django.core.management import call_command
from django.db import connection

from archive.models import Measure, Metric, Reply
from archive.sqlite_driver import sqlite3
from tests.ops.procs import DUMP_ROWS, manage, python


@pytest.fixture
def live_db(tmp_path, seed_paths):
    db = tmp_path / "live.sqlite3"
    for args in (["migrate", "--noinput"], ["ingest", *map(str, seed_paths)]):
        result = manage(db, *args)
        assert result.returncode == 0, result.stdout + result.stderr
    return db


def rows(db) -> list[str]:
    result = python(db, DUMP_ROWS)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.slow
def test_backup_then_restore_brings_back_every_row(live_db, tmp_path):
    before = rows(live_db)
    assert sum(line.startswith("Reply ") for line in before) == 5

    backup = tmp_path / "backups" / "archive-backup.sqlite3"
    result = manage(live_db, "backup", str(backup))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT COUNT(*) FROM archive_reply").fetchone()[0] == 5

    # Lose data, then restore.
    damage = python(live_db, "from archive.models import Reply; Reply.objects.filter(pk__in=Reply.objects.values('pk')[:3]).delete()")
    assert damage.returncode == 0, damage.stderr
    assert rows(live_db) != before
    result = manage(live_db, "restore", str(backup))
    assert result.returncode == 0, result.stderr
    assert "restored" in result.stdout and "5 replies" in result.stdout
    assert rows(live_db) == before, "every reply, measure and metric is back, field by field"


@pytest.mark.slow
def test_backup_refuses_to_overwrite_and_restore_refuses_junk(live_db, tmp_path):
    existing = tmp_path / "exists.sqlite3"
    existing.write_bytes(b"keep me")
    result = manage(live_db, "backup", str(existing))
    assert result.returncode != 0 and "already exists" in result.stderr
    assert existing.read_bytes() == b"keep me"

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    before = rows(live_db)
    result = manage(live_db, "restore", str(junk))
    assert result.returncode != 0 and "not an archive backup" in result.stderr
    assert rows(live_db) == before


@pytest.mark.django_db(transaction=True)
def test_dumpdata_loaddata_round_trip(tmp_path, seed_paths):
    """The portable route (any database, PostgreSQL included): counts and values survive."""
    call_command("ingest", *map(str, seed_paths))
    counts = (Reply.objects.count(), Measure.objects.count(), Metric.objects.count())
    reply = Reply.objects.order_by("pk").first()
    original = {f.name: getattr(reply, f.name) for f in Reply._meta.concrete_fields}

    # JSON keeps text exactly (XML drops leading newlines) but rounds times to milliseconds.
    original["ingested_at"] = original["ingested_at"].replace(microsecond=original["ingested_at"].microsecond // 1000 * 1000)
    dump = tmp_path / "archive.json"
    call_command("dumpdata", "archive", "--natural-foreign", "--output", str(dump), verbosity=0)
    Reply.objects.all().delete()
    assert Reply.objects.count() == 0
    call_command("loaddata", str(dump), verbosity=0)

    assert (Reply.objects.count(), Measure.objects.count(), Metric.objects.count()) == counts
    restored = Reply.objects.get(pk=reply.pk)
    assert {f.name: getattr(restored, f.name) for f in Reply._meta.concrete_fields} == original
    assert json.loads(dump.read_text(encoding="utf-8"))[0]["model"].startswith("archive.")


@pytest.mark.django_db
def test_backup_command_explains_itself_on_postgresql():
    if connection.vendor == "sqlite":
        pytest.skip("runs in the PostgreSQL pass of .ci/run")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup", "/tmp/never-written.sqlite3")
