"""Gunicorn on 127.0.0.1 over a bench database, and timed HTTP requests against it.

The bench never talks to anything but 127.0.0.1: the server is started here, on a free port,
with DATABASE_URL pointing at the temporary bench database, and stopped when done.
"""
from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    seconds: float
    body: bytes = b""
    error: str = ""


def get(port: int, path: str, timeout: float = 30.0) -> Response:
    """One GET on a fresh connection (gunicorn's sync workers close each one anyway), timed
    from connect to the last byte of the body."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        resp = conn.getresponse()
        body = resp.read()
        return Response(resp.status, time.perf_counter() - start, body)
    except (OSError, http.client.HTTPException) as exc:
        return Response(0, time.perf_counter() - start, b"", f"{type(exc).__name__}: {exc}")
    finally:
        conn.close()


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MiB, from /proc (0 when it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def child_pids(parent: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent:
            pids.append(int(stat.parent.name))
    return sorted(pids)


@dataclass
class Gunicorn:
    """A running gunicorn (started by `start_gunicorn`); use as a context manager."""

    process: subprocess.Popen
    port: int
    log_path: Path
    notes: list[str] = field(default_factory=list)

    def worker_rss_mb(self) -> list[float]:
        return [rss_mb(pid) for pid in child_pids(self.process.pid)]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Gunicorn:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def wait_until_warm(port: int, deadline: float) -> None:
    """Poll /healthz until its X-Page-Cache header no longer says "warming"."""
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            if response.getheader("X-Page-Cache") != "warming":
                return
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        time.sleep(0.5)


def start_gunicorn(env: dict[str, str], log_path: Path, workers: int = 2, wait: float = 60.0) -> Gunicorn:
    """Start `gunicorn archive.wsgi` with the project's config file (if any) on a free port,
    bound to 127.0.0.1 only, and wait until it answers."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "archive.wsgi",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-class", "sync",
        "--timeout", "120",
        "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
    ]
    log = open(log_path, "ab")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Gunicorn(process, port, log_path)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
        if get(port, "/", timeout=5).status:
            # Workers load the search dictionaries before they accept (gunicorn.conf.py), and
            # one of them fills the shared page cache: timing starts when that is done too.
            wait_until_warm(port, deadline=time.monotonic() + 300)
            for _ in range(4 * workers):
                get(port, "/")
            return server
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer within {wait:.0f} s; see {log_path}")
