"""The bench's temporary world: a folder, a SQLite database in it, and Django run over it.

Nothing here touches the development database (data/archive.sqlite3): every Django process
the bench starts gets DATABASE_URL of a file in the temporary folder, in production mode
(DEBUG off), because that is what the figures are meant to describe.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_workspace() -> Path:
    """A fresh folder for databases, corpora and logs (BENCH_DIR overrides the parent)."""
    parent = os.environ.get("BENCH_DIR") or None
    return Path(tempfile.mkdtemp(prefix="archive-bench-", dir=parent))


def django_env(db_path: Path, debug: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{db_path}",
            "DJANGO_DEBUG": "1" if debug else "0",
            "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": "archive.settings",
            # Plain HTTP on 127.0.0.1: no TLS proxy in front, so no HTTPS redirect or HSTS.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            # collectstatic (needed with DEBUG off) writes into the bench folder, not the repo.
            "DJANGO_STATIC_ROOT": str(db_path.parent / "staticfiles"),
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def manage(env: dict[str, str], *args: str, log: Path | None = None) -> None:
    """Run `manage.py ARGS` in the bench environment; raise with its output when it fails."""
    out = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if log is not None:
        with open(log, "a") as fh:
            fh.write(f"$ manage.py {' '.join(args)}\n{out.stdout}{out.stderr}\n")
    if out.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{out.stderr[-3000:]}")


def run_step(module: str, env: dict[str, str], out_dir: Path, *args: str, timeout: float = 7200) -> dict:
    """Run `python -m bench.MODULE ARGS --out FILE` in its own process and return its JSON.

    Each step is a separate process so it sees only the bench DATABASE_URL and so one
    step's memory and caches do not colour the next one's figures.
    """
    stamp = f"{module.rsplit('.', 1)[-1]}-{int(time.time() * 1000)}"
    out_file, log_file = out_dir / f"{stamp}.json", out_dir / f"{stamp}.log"
    with open(log_file, "w") as log:
        proc = subprocess.run(
            [sys.executable, "-m", module, *args, "--out", str(out_file)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=timeout,
        )
    if proc.returncode != 0 or not out_file.exists():
        lines = [line for line in log_file.read_text().splitlines() if not line.startswith("AXES:")]
        raise RuntimeError(f"python -m {module} failed ({proc.returncode}): " + "\n".join(lines[-12:]))
    return json.loads(out_file.read_text())
