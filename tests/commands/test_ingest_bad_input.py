"""Bad files through `manage.py ingest`: each reported with its reason, nothing stored, batch goes on."""
import random
import shutil

import pytest

from archive.ingest import load
from archive.management.commands import ingest as command
from archive.models import Reply

from .helpers import FORMATS, SEEDS, ingest, row_counts

pytestmark = pytest.mark.django_db

GOOD = FORMATS / "gbk_jingzhou_health.txt"


@pytest.fixture
def bad_files(tmp_path):
    """One file per kind of bad input, named for what is wrong with it."""
    files = {
        "empty.txt": b"",
        "random.txt": random.Random(11).randbytes(20000),
        "scan.pdf": (FORMATS / "no_text_layer.pdf").read_bytes(),
        "corrupt.docx": b"PK\x03\x04" + random.Random(12).randbytes(4000),
        "not-a-reply.txt": "春季养生小贴士：多喝水，早睡早起，适量运动。".encode(),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(data)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:  # 30 MB, sparse: the size check must not need the bytes
        out.truncate(30 * 1024 * 1024)
    paths["huge.txt"] = huge
    return paths


REASONS = {
    "empty.txt": "empty file",
    "random.txt": "unreadable",
    "scan.pdf": "no text layer",
    "corrupt.docx": "corrupt document",
    "not-a-reply.txt": "not a reply",
    "huge.txt": "file too large",
}


def test_each_bad_file_fails_with_its_reason_and_stores_nothing(bad_files):
    before = row_counts()
    run = ingest(*bad_files.values())
    assert run.returncode == 1
    for name, path in bad_files.items():
        status, detail = run.status_of(path)
        assert status == "failed"
        assert detail.startswith(REASONS[name]), (name, detail)
    assert run.lines[-1] == "6 files: 0 ingested, 0 duplicate, 6 failed"
    assert "6 of 6 file(s) failed" in run.stderr
    assert row_counts() == before


def test_good_files_in_a_bad_batch_are_still_ingested(bad_files):
    run = ingest(*bad_files.values(), GOOD)
    assert run.returncode == 1
    assert run.status_of(GOOD)[0] == "ingested"
    assert Reply.objects.count() == 1
    assert run.lines[-1] == "7 files: 1 ingested, 0 duplicate, 6 failed"


def test_duplicate_is_reported_and_skipped_not_failed(tmp_path):
    assert ingest(GOOD).returncode == 0
    counts = row_counts()
    renamed = tmp_path / "same-bytes-other-name.txt"
    shutil.copy(GOOD, renamed)
    run = ingest(GOOD, renamed)
    assert run.returncode == 0
    for path in (GOOD, renamed):
        status, detail = run.status_of(path)
        assert status == "duplicate"
        assert GOOD.name in detail
    assert run.lines[-1] == "2 files: 0 ingested, 2 duplicate, 0 failed"
    assert row_counts() == counts


def test_same_bytes_twice_in_one_batch(tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(GOOD, copy)
    run = ingest(GOOD, copy)
    assert [run.status_of(GOOD)[0], run.status_of(copy)[0]] == ["ingested", "duplicate"]
    assert Reply.objects.count() == 1


def test_failure_half_way_through_store_reply_leaves_no_reply(monkeypatch):
    inside: list[dict] = []

    def explode(*args, **kwargs):
        inside.append(row_counts())  # the reply and its measures are written by now…
        raise RuntimeError("disk full while saving metrics")

    monkeypatch.setattr(load, "insert_metrics", explode)
    before = row_counts()
    run = ingest(GOOD)
    assert inside[0]["Reply"] == before["Reply"] + 1
    assert inside[0]["Measure"] > before["Measure"]  # …and all of it is rolled back
    assert run.returncode == 1
    status, detail = run.status_of(GOOD)
    assert status == "failed"
    assert "RuntimeError: disk full while saving metrics" in detail
    assert row_counts() == before


def test_unexpected_error_in_one_file_does_not_abort_the_batch(monkeypatch):
    original = command.parse_bytes

    def parse_or_crash(data, filename, *args, **kwargs):
        if filename == "000_eb6c069f13c82303.txt":
            raise KeyError("a parser bug")
        return original(data, filename, *args, **kwargs)

    monkeypatch.setattr(command, "parse_bytes", parse_or_crash)
    seeds = sorted(SEEDS.glob("*.txt"))
    run = ingest(*seeds)
    assert run.returncode == 1
    assert run.status_of(seeds[0]) == ("failed", "unexpected error — KeyError: 'a parser bug'")
    assert all(run.status_of(seed)[0] == "ingested" for seed in seeds[1:])
    assert Reply.objects.count() == len(seeds) - 1


def test_missing_path_fails_alone(tmp_path):
    run = ingest(tmp_path / "nowhere.txt", GOOD)
    assert run.returncode == 1
    assert run.status_of(tmp_path / "nowhere.txt") == ("failed", "cannot read file — No such file or directory")
    assert run.status_of(GOOD)[0] == "ingested"


def test_unreadable_file_is_reported(monkeypatch, tmp_path):
    from pathlib import Path

    locked = tmp_path / "locked.txt"
    shutil.copy(GOOD, locked)
    real_read = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    run = ingest(locked, GOOD)
    assert run.status_of(locked) == ("failed", "cannot read file — Permission denied")
    assert run.status_of(GOOD)[0] == "ingested"
