"""The system check that explains a missing FTS5 instead of failing on the first search."""
import pytest
from django.db import connection

from archive.search.apps import check_fts5


@pytest.mark.django_db
def test_missing_fts5_is_reported_with_a_hint(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 matters only on SQLite")
    assert check_fts5(databases=["default"]) == []
    monkeypatch.setattr("archive.search.sqlite.fts5_available", lambda: False)
    errors = check_fts5(databases=["default"])
    assert [e.id for e in errors] == ["search.E001"] and "PostgreSQL" in errors[0].hint
