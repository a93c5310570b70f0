"""What the figures were measured on: printed next to them, since they mean little without it."""
from __future__ import annotations

import datetime
import os
import platform
import re
import shutil
import subprocess
from pathlib import Path

from archive.sqlite_driver import sqlite3

# /proc/cpuinfo line, e.g. "model name\t: AMD EPYC 7B13"
CPU_MODEL_LINE = re.compile(r"^model name\s*:\s*(.+)$", re.MULTILINE)
# /proc/meminfo line, e.g. "MemTotal:       24684096 kB"
MEM_TOTAL_LINE = re.compile(r"^MemTotal:\s*(\d+)\s*kB", re.MULTILINE)


def read_text(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def postgres_version() -> str:
    """Version of the PostgreSQL server binaries, found on PATH or in Debian's versioned folder."""
    candidates = [shutil.which("postgres")] + sorted(
        str(p) for p in Path("/usr/lib/postgresql").glob("*/bin/postgres")
    )
    for binary in filter(None, candidates):
        try:
            out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10)
        except OSError:
            continue
        if out.returncode == 0:
            return out.stdout.strip()
    return "not installed"


def describe_machine() -> dict[str, str]:
    cpuinfo = read_text("/proc/cpuinfo")
    cpu = CPU_MODEL_LINE.search(cpuinfo)
    mem = MEM_TOTAL_LINE.search(read_text("/proc/meminfo"))
    return {
        "CPU": cpu.group(1).strip() if cpu else platform.processor() or "unknown",
        "cores": str(os.cpu_count()),
        "RAM": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "unknown",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "PostgreSQL": postgres_version(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average at start": " ".join(read_text("/proc/loadavg").split()[:3]) or "unknown",
    }
