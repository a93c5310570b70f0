"""The one SQLite driver the whole project uses: pysqlite3 when installed, else the stdlib.

Why: the search index is an FTS5 table with `contentless_delete=1` (SQLite 3.43+), which
deletes a document without keeping a copy of its text. Debian 12's system library is 3.40;
pysqlite3-binary bundles a current SQLite. Django, the backup/restore commands, the tests and
the bench must all use the same library (a stdlib connection cannot back up into, or even read
the index of, a pysqlite3 one), so settings.py calls install() before Django loads its
SQLite backend, and other code imports `sqlite3` from here.
"""
from __future__ import annotations

import sqlite3 as system_sqlite3  # noqa: F401 — the stdlib's, imported before install() replaces it
import sys

from django.core.exceptions import ImproperlyConfigured

try:
    import pysqlite3 as _package
    from pysqlite3 import dbapi2 as sqlite3
except ImportError:  # no wheel for this platform: the system library must be new enough
    import sqlite3 as _package  # noqa: I001
    from sqlite3 import dbapi2 as sqlite3

# system_sqlite3 is only for what pysqlite3's build lacks: the dbstat table that bench/ measures
# index sizes with (it reads pages, never the FTS5 tables, so the older library can do it).

# FTS5 contentless_delete=1 (see archive/search/sqlite_index.py).
MIN_VERSION = (3, 43, 0)


def install() -> None:
    """Make `import sqlite3` (Django's backend included) give the chosen driver."""
    sys.modules["sqlite3"] = _package
    sys.modules["sqlite3.dbapi2"] = sqlite3


def check_version(engine: str) -> None:
    """Refuse to start on SQLite older than the search index schema needs."""
    if "sqlite3" not in engine or sqlite3.sqlite_version_info >= MIN_VERSION:
        return
    need = ".".join(map(str, MIN_VERSION))
    raise ImproperlyConfigured(
        f"SQLite {sqlite3.sqlite_version} is too old: the search index needs {need} or newer "
        "(FTS5 contentless_delete). Install pysqlite3-binary (pip install -r requirements.txt) "
        "or a newer system SQLite, or use PostgreSQL (DATABASE_URL=postgres://…)."
    )
