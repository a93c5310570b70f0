"""The contract suite runs once per backend; the one not live in this run is skipped.

SQLite runs by default; `.ci/run` runs the suite again with DATABASE_URL=postgres://…
(see docs/search.md to do the same by hand).
"""
from __future__ import annotations

import pytest
from django.db import connection

from archive.search import backend_for

BACKENDS = {"sqlite-fts5": "sqlite", "postgresql": "postgresql"}


@pytest.fixture(params=list(BACKENDS))
def search_backend(request, db):
    vendor = BACKENDS[request.param]
    if connection.vendor != vendor:
        pytest.skip(f"{request.param} runs when the database is {vendor} (DATABASE_URL; see .ci/run)")
    return backend_for(vendor)
