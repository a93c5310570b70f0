"""A throwaway PostgreSQL 15 for the bench, like .ci/postgres.sh: initdb in a temp folder,
listening on 127.0.0.1 only, run as the `postgres` user when the bench runs as root, removed
at the end."""
from __future__ import annotations

import os
import pwd
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.server import free_port


def postgres_bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    candidates = [Path(found).parent] if found else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    return next((d for d in candidates if (d / "initdb").exists() and (d / "pg_ctl").exists()), None)


def as_owner(command: list[str]) -> None:
    """Run a PostgreSQL binary as a non-root user (initdb and postgres refuse root)."""
    if os.geteuid() == 0:
        command = ["su", "postgres", "-c", shlex.join(command)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Yield a postgres:// URL of a fresh server; stop and delete it afterwards."""
    bindir = postgres_bindir()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL binaries (initdb, pg_ctl) not found")
    if os.geteuid() == 0:
        pwd.getpwnam("postgres")  # KeyError: no user to run the server as
    folder = Path(tempfile.mkdtemp(prefix="archive-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    data = folder / "data"
    try:
        as_owner([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8"])
        as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-o", f"-h 127.0.0.1 -p {port} -k {folder}",
                  "-l", str(folder / "log"), "-w", "start"])
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)
