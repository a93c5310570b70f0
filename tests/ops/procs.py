"""Fresh processes against a throwaway SQLite file: manage.py, scripts, a gunicorn to wait for."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def sqlite_env(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{db}", DJANGO_SETTINGS_MODULE="archive.settings", PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


def manage(db: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=sqlite_env(db), capture_output=True, text=True, timeout=timeout
    )


def python(db: Path, code: str, timeout: float = 300) -> subprocess.CompletedProcess:
    prelude = "import django; django.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code], cwd=ROOT, env=sqlite_env(db), capture_output=True, text=True, timeout=timeout
    )


# Every reply, measure and metric row, field by field, as JSON lines (for comparisons).
DUMP_ROWS = """
import json
from archive.models import Measure, Metric, Reply
for model in (Reply, Measure, Metric):
    for row in model.objects.order_by("pk").values():
        print(model.__name__, json.dumps(row, default=str, ensure_ascii=False, sort_keys=True))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError("gunicorn exited while starting")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("gunicorn did not answer /healthz")
