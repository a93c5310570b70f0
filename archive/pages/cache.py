"""Archive-wide aggregates (counts, profiles, chart sums) cached until the data changes.

Counting every metric of 20k replies takes longer than a page may; the answer only changes
when replies, measures or metrics change. The cache key therefore carries a data version
read in one cheap query — reply count and largest id (bulk imports), and the newest
edit-history entry of replies, measures and metrics (ingest, admin edits and deletes all
write one) — and who is asking, since what a user may see decides every number.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection

from archive.models import Measure, Metric, Reply

T = TypeVar("T")

# A backstop for changes that leave no trace in the version (raw SQL, MeasureType alone).
TIMEOUT_SECONDS = 300


def data_version() -> str:
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
        return "|".join(str(v) for v in cursor.fetchone())


def audience(user) -> str:
    """Who the numbers are for: staff see everything, anyone else by their own rights."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return "staff" if user.is_staff else f"user-{user.pk}"


def cached(name: str, user, compute: Callable[[], T], *params: Any) -> T:
    """compute(), remembered for this data version, audience and parameters."""
    raw = "\x1f".join([name, audience(user), data_version(), *map(str, params)])
    key = "archive-pages:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value
