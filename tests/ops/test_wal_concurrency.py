"""SQLite in WAL mode: an ingest of 500 replies while 4 clients read, all real processes.

gunicorn (2 workers) serves a throwaway SQLite file; one process stores 500 synthetic
replies through store_reply (one transaction each, search index included) while four
client processes GET search, list and reply pages. The writer skips parsing (the texts come
from bench/corpus.py already parsed): the database sees exactly the writes of
`manage.py ingest`, and the test stays under a minute on two cores (with parsing: ~2 min). Nobody may see "database is locked"
and every request must answer 200.
"""
import json
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.urls import Resolver404, resolve

from tests.ops.procs import ROOT, free_port, manage, python, sqlite_env, wait_until_up

CLIENTS = 4
REPLIES = 500
CANDIDATE_PATHS = [
    "/", "/search/?q=" + quote("心理健康"), "/search/?q=" + quote("危机") + "&city=" + quote("信阳市"),
    "/api/search?q=" + quote("心理"), "/cities/", "/years/", "/types/", "/metrics/",
    "/replies/1/", "/api/replies/1", "/healthz",
]


def existing_paths() -> list[str]:
    paths = []
    for path in CANDIDATE_PATHS:
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            continue
        paths.append(path)
    return paths


@pytest.mark.slow
def test_ingest_500_replies_while_4_clients_read(tmp_path, seed_paths):
    db = tmp_path / "wal.sqlite3"
    for args in (["migrate", "--noinput"], ["ingest", *map(str, seed_paths)]):
        result = manage(db, *args)
        assert result.returncode == 0, result.stdout + result.stderr

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = tmp_path / "gunicorn.log"
    env = sqlite_env(db, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2", DJANGO_DEBUG="1")
    with open(server_log, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    clients = []
    try:
        wait_until_up(base, server)
        stop = tmp_path / "stop"
        paths = existing_paths()
        for n in range(CLIENTS):
            out = tmp_path / f"client{n}.json"
            clients.append((out, subprocess.Popen(
                [sys.executable, "-m", "tests.ops.http_client", base, str(stop), str(out), *paths[n:], *paths[:n]],
                cwd=ROOT, env=env,
            )))
        writer = python(db, f"from bench.corpus import store_corpus; print(store_corpus({REPLIES}, seed=7))", timeout=600)
        stop.touch()
        for _out, process in clients:
            process.wait(timeout=120)
    finally:
        (tmp_path / "stop").touch()
        server.terminate()
        server.wait(timeout=30)

    assert writer.returncode == 0, writer.stderr[-3000:]
    assert writer.stdout.strip().splitlines()[-1] == str(REPLIES)
    log_text = server_log.read_text()
    assert "database is locked" not in writer.stderr + log_text
    total = 0
    for out, process in clients:
        assert process.returncode == 0
        report = json.loads(out.read_text())
        assert report["failures"] == [], report["failures"]
        assert report["requests"] > 0
        total += report["requests"]
    mode = python(db, "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])")
    assert mode.stdout.strip().splitlines()[-1] == "wal"
    count = python(db, "from archive.models import Reply; print(Reply.objects.count())")
    assert count.stdout.strip().splitlines()[-1] == str(REPLIES + len(seed_paths))
    print(f"{total} requests by {CLIENTS} clients during the ingest, 0 failed")
