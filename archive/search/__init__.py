"""Full-text search over replies: one interface (base.py), SQLite FTS5 and PostgreSQL backends.

get_backend() picks the implementation from the database in use; views never know which.
"""
from __future__ import annotations

from functools import cache

from django.db import connection

from archive.search.base import SearchBackend


@cache
def backend_for(vendor: str) -> SearchBackend:
    if vendor == "postgresql":
        from archive.search.postgres import PostgresBackend

        return PostgresBackend()
    from archive.search.sqlite import SqliteBackend

    return SqliteBackend()


def get_backend() -> SearchBackend:
    """The backend matching the default database (SQLite FTS5 or PostgreSQL)."""
    return backend_for(connection.vendor)


def index_reply(reply) -> None:
    """Index a reply now, inside the current transaction (store_reply calls this)."""
    from archive.search.signals import index_reply as index_now

    index_now(reply)


def warm_up() -> None:
    """Prepare this process's search backend (gunicorn's post_worker_init hook calls this).

    A failure here (say, a database not migrated yet) is logged and left to the first
    request, which reports it the usual way; it never stops a worker from starting.
    """
    import logging

    try:
        get_backend().warm_up()
    except Exception:  # noqa: BLE001 - see the docstring
        logging.getLogger(__name__).warning("search warm-up failed; the first search will load instead", exc_info=True)
