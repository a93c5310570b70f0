"""Bulk ingest: parsing in worker processes and storing in batches keeps per-file outcomes."""
from __future__ import annotations

import pytest

from archive.ingest.errors import Duplicate
from archive.ingest.load import store_replies
from archive.ingest.pipeline import parse_bytes
from archive.management.commands.ingest import STORE_BATCH
from archive.models import Metric, Reply

from .helpers import SEEDS, ingest, row_counts

pytestmark = pytest.mark.django_db(transaction=True)


def seed_variants(folder, n: int) -> None:
    """n distinct reply files: the seeds with a numbered courtesy line appended."""
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(n):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8") + f"\n第{i}份副本。\n"
        (folder / f"copy_{i:03d}.txt").write_text(text, encoding="utf-8")


def test_two_jobs_store_every_file_and_report_each_once(tmp_path):
    seed_variants(tmp_path, 2 * STORE_BATCH + 7)
    (tmp_path / "zz_repeat.txt").write_bytes((tmp_path / "copy_000.txt").read_bytes())
    (tmp_path / "zz_not_a_reply.txt").write_text("今天天气很好，我们去公园散步。", encoding="utf-8")

    run = ingest(tmp_path, "--jobs", "2", "--user", "bulk")

    assert run.returncode == 1  # the one file that is not a reply
    assert run.status_of(tmp_path / "zz_repeat.txt")[0] == "duplicate"
    assert run.status_of(tmp_path / "zz_not_a_reply.txt")[0] == "failed"
    assert len(run.lines) == 2 * STORE_BATCH + 7 + 2 + 1  # one line a file, then the summary
    assert Reply.objects.count() == 2 * STORE_BATCH + 7
    assert set(Reply.objects.values_list("ingested_by", flat=True)) == {"bulk"}
    seed = Reply.objects.get(source_file="copy_000.txt")
    assert seed.measures.count() == 9 and seed.metrics.count() > 0
    assert seed.history.count() == 1  # the creation is in the edit history like a single ingest


def test_a_failing_reply_in_a_batch_leaves_nothing_and_the_others_land(monkeypatch):
    seeds = sorted(SEEDS.glob("*.txt"))
    batch = [parse_bytes(p.read_bytes(), p.name) for p in seeds]
    store_replies(batch[:1])  # already stored: a duplicate inside the next batch
    before = row_counts()

    results = store_replies(batch)

    assert isinstance(results[0], Duplicate)
    assert results[1:] == [None] * (len(batch) - 1)
    assert Reply.objects.count() == before["Reply"] + len(batch) - 1
    assert Metric.objects.filter(reply__sha256=batch[0].sha256).count() == len(batch[0].metrics)


def test_jobs_must_be_positive(tmp_path):
    run = ingest(tmp_path, "--jobs", "0")
    assert run.returncode != 0 and "--jobs" in run.stderr
