"""`manage.py ingest`: what it reports, --dry-run, --user, folders, exit codes."""
import io
import os
import re
import shutil
import subprocess
import sys

import pytest

from archive.models import Reply

from .helpers import FORMATS, ROOT, SEEDS, ingest, row_counts

pytestmark = pytest.mark.django_db

REPORT_LINE = r"^(?P<path>\S+)\t(?P<status>ingested|parsed|duplicate|failed)\t(?P<detail>.+)$"


def test_report_line_per_file_then_summary():
    seeds = sorted(SEEDS.glob("*.txt"))
    run = ingest(*seeds)
    assert run.returncode == 0
    assert len(run.lines) == len(seeds) + 1
    for seed, line in zip(seeds, run.lines):
        assert line.startswith(f"{seed}\tingested\tmeasures=")
        assert " metrics=" in line
    assert run.lines[-1] == "5 files: 5 ingested, 0 duplicate, 0 failed"


def test_report_shows_header_facts_found():
    run = ingest(FORMATS / "gbk_jingzhou_health.txt")
    status, detail = run.status_of(FORMATS / "gbk_jingzhou_health.txt")
    reply = Reply.objects.get()
    assert status == "ingested"
    assert f"measures={reply.measures.count()} metrics={reply.metrics.count()}" in detail
    if reply.bureau:
        assert f"bureau={reply.bureau}" in detail


def test_dry_run_writes_nothing_and_says_so():
    before = row_counts()
    run = ingest(SEEDS, "--dry-run")
    assert run.returncode == 0
    assert row_counts() == before
    assert all("\tparsed\tmeasures=" in line for line in run.lines[:-1])
    assert run.lines[-1] == "5 files: 5 parsed, 0 duplicate, 0 failed (dry run, nothing written)"


def test_dry_run_still_reports_failures_and_duplicates(tmp_path):
    ingest(FORMATS / "gbk_jingzhou_health.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    before = row_counts()
    run = ingest(FORMATS / "gbk_jingzhou_health.txt", tmp_path / "empty.txt", "--dry-run")
    assert run.returncode == 1
    assert run.status_of(FORMATS / "gbk_jingzhou_health.txt")[0] == "duplicate"
    assert run.status_of(tmp_path / "empty.txt")[0] == "failed"
    assert row_counts() == before


def test_user_is_recorded():
    ingest(FORMATS / "gbk_jingzhou_health.txt", "--user", "王编辑")
    assert Reply.objects.get().ingested_by == "王编辑"


def test_folders_are_walked_recursively(tmp_path):
    nested = tmp_path / "2024" / "教育" / "deep"
    nested.mkdir(parents=True)
    shutil.copy(FORMATS / "gbk_jingzhou_health.txt", tmp_path / "a.txt")
    shutil.copy(FORMATS / "html_jinhua_water.html", tmp_path / "2024" / "b.html")
    shutil.copy(FORMATS / "docx_xinxiang_agriculture.docx", nested / "c.docx")
    shutil.copy(FORMATS / "pdf_shinan_civil.pdf", nested / "d.PDF")
    (nested / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(100))  # not a reply format: skipped
    (nested / ".hidden.txt").write_text("editor backup")  # hidden: skipped
    run = ingest(tmp_path)
    assert run.returncode == 0, run.stdout
    assert run.lines[-1] == "4 files: 4 ingested, 0 duplicate, 0 failed"
    assert sorted(Reply.objects.values_list("source_file", flat=True)) == ["a.txt", "b.html", "c.docx", "d.PDF"]


def test_a_file_named_twice_is_handled_once():
    run = ingest(FORMATS / "gbk_jingzhou_health.txt", FORMATS / "gbk_jingzhou_health.txt")
    assert run.lines[-1] == "1 files: 1 ingested, 0 duplicate, 0 failed"


def test_every_format_fixture_ingests():
    names = ["gbk_jingzhou_health.txt", "utf16le_nobom_deqing_transport.txt", "docx_xinxiang_agriculture.docx",
             "pdf_shinan_civil.pdf", "html_jinhua_water.html"]
    run = ingest(*(FORMATS / n for n in names))
    assert run.returncode == 0, run.stdout
    stored = {r.source_file: r for r in Reply.objects.all()}
    assert set(stored) == set(names)
    assert "ICP" not in stored["html_jinhua_water.html"].text
    assert "李娜" in stored["docx_xinxiang_agriculture.docx"].raw_text


def test_if_empty_skips_a_filled_archive():
    ingest(FORMATS / "gbk_jingzhou_health.txt")
    run = ingest(SEEDS, "--if-empty")
    assert run.lines == ["archive already holds replies; nothing ingested"]
    assert Reply.objects.count() == 1


@pytest.mark.slow
def test_real_process_exit_code_and_clean_stdout(tmp_path):
    """As a shell sees it: exit status 1 on failure, report on stdout, error on stderr."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, capture_output=True)
    (tmp_path / "empty.txt").write_bytes(b"")
    files = [*map(str, sorted(SEEDS.glob("*.txt"))), str(tmp_path / "empty.txt")]
    done = subprocess.run([*manage, "ingest", *files], check=False, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    report = done.stdout.splitlines()
    assert report[-1] == "6 files: 5 ingested, 0 duplicate, 1 failed"
    assert all(re.match(REPORT_LINE, line) for line in report[:-1]), done.stdout  # nothing else on stdout
    assert len(report) == 7
    assert "1 of 6 file(s) failed" in done.stderr
    again = subprocess.run([*manage, "ingest", *files[:5]], check=False, env=env, capture_output=True, text=True)
    assert again.returncode == 0  # duplicates alone are not failures
    assert "5 files: 0 ingested, 5 duplicate, 0 failed" in again.stdout


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_goes_to_stderr_on_a_terminal(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    run = ingest(SEEDS)
    assert "5/5" in terminal.getvalue()  # the bar, on stderr
    assert all(re.match(REPORT_LINE, line) for line in run.lines[:-1])  # stdout: the report only
    assert "5/5" not in run.stdout


def test_no_progress_bar_for_a_few_files(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    ingest(FORMATS / "gbk_jingzhou_health.txt")
    assert terminal.getvalue() == ""


def test_file_name_in_gbk_bytes_is_shown_and_stored_readably(tmp_path):
    """Zips made on Chinese Windows leave GBK-encoded names; they must not crash the report."""
    raw_name = os.path.join(os.fsencode(tmp_path), "信阳答复.txt".encode("gbk"))
    with open(raw_name, "wb") as out:
        out.write((FORMATS / "gbk_jingzhou_health.txt").read_bytes())
    run = ingest(tmp_path)
    assert run.lines[0].startswith(f"{tmp_path}/信阳答复.txt\tingested\t")
    assert Reply.objects.get().source_file == "信阳答复.txt"
