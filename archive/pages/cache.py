"""Archive-wide aggregates (counts, profiles, chart sums) cached until the data changes.

Counting every metric of 20k replies takes longer than a page may; the answer only changes
when replies, measures or metrics change. The cache key therefore carries a data version
read in one cheap query — reply count and largest id (bulk imports), and the newest
edit-history entry of replies, measures and metrics (ingest, admin edits and deletes all
write one) — and who is asking, since what a user may see decides every number.

The cache is the `pages` alias of CACHES: in production a file cache beside the database
(archive/settings.py), so every gunicorn worker — and every visitor — shares one
computation per data version; in development a per-process memory cache. Keys also name
the database, so two databases whose versions happen to read alike never share entries.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import BaseCache, caches
from django.db import connection

from archive.models import Measure, Metric, Reply

T = TypeVar("T")
MISSING = object()  # so that a computed None is remembered too

# A backstop for changes that leave no trace in the version (raw SQL, MeasureType alone).
TIMEOUT_SECONDS = 300
CACHE_ALIAS = "pages"
# The data version is read once per request and remembered on request.user.
VERSION_MEMO = "_archive_data_version"


def page_cache() -> BaseCache:
    return caches[CACHE_ALIAS]


def read_data_version() -> tuple:
    """(reply count, largest reply id, newest history entry of replies, measures, metrics)."""
    tables = {
        "reply": Reply._meta.db_table,
        "hreply": Reply.history.model._meta.db_table,
        "hmeasure": Measure.history.model._meta.db_table,
        "hmetric": Metric.history.model._meta.db_table,
    }
    sql = (
        "SELECT (SELECT COUNT(*) FROM {reply}), (SELECT MAX(id) FROM {reply}), "
        "(SELECT MAX(history_date) FROM {hreply}), (SELECT MAX(history_date) FROM {hmeasure}), "
        "(SELECT MAX(history_date) FROM {hmetric})"
    ).format(**{k: connection.ops.quote_name(v) for k, v in tables.items()})
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def version_row(user=None) -> tuple:
    """The data version, read at most once per request (remembered on `user`)."""
    memo = getattr(user, VERSION_MEMO, None) if user is not None else None
    if memo is not None:
        return memo
    row = read_data_version()
    if user is not None:
        try:
            setattr(user, VERSION_MEMO, row)
        except AttributeError:  # a user object that takes no attributes: just don't remember
            pass
    return row


def data_version(user=None) -> str:
    return "|".join(str(v) for v in version_row(user))


def reply_total(user=None) -> int:
    """How many replies the archive holds, visible or not (part of the data version)."""
    return int(version_row(user)[0] or 0)


def database_identity() -> str:
    settings = connection.settings_dict
    return "|".join(str(settings.get(k) or "") for k in ("NAME", "HOST", "PORT")) + "|" + connection.vendor


def audience(user) -> str:
    """Who the numbers are for: staff see everything, anyone else by their own rights."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return "staff" if user.is_staff else f"user-{user.pk}"


def cache_key(name: str, user, *params: Any) -> str:
    raw = "\x1f".join([name, audience(user), database_identity(), data_version(user), *map(str, params)])
    return "archive-pages:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(name: str, user, compute: Callable[[], T], *params: Any) -> T:
    """compute(), remembered for this data version, audience and parameters."""
    key = cache_key(name, user, *params)
    store = page_cache()
    value = store.get(key, MISSING)
    if value is MISSING:
        value = compute()
        prepare = getattr(value, "prepare_for_cache", None)
        if callable(prepare):
            prepare()
        store.set(key, value, TIMEOUT_SECONDS)
    return value
