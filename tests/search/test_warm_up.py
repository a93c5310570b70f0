"""Workers load the search backend's dictionaries and copies before they take requests."""
import logging
import runpy
from pathlib import Path

import pytest
from django.db import connection

import archive.search
from archive.search import get_backend, warm_up

from .factories import make_reply

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_warm_up_reads_the_facet_copy_and_vocabulary_of_the_current_index():
    make_reply("心理健康教育。")
    backend = get_backend()
    backend.__dict__.pop("_facet_cache", None)
    backend.__dict__.pop("_vocabulary", None)
    warm_up()
    assert backend._facet_cache.version == backend.index_version()
    if connection.vendor == "sqlite":
        assert backend.vocabulary.is_current(backend.index_version())
        assert "心理" in backend.vocabulary.tokens_starting_with("心")


@pytest.mark.django_db
def test_a_failing_warm_up_is_logged_and_never_stops_the_worker(monkeypatch, caplog):
    def broken():
        raise RuntimeError("no such table: search_entry")

    monkeypatch.setattr(archive.search, "get_backend", broken)
    with caplog.at_level(logging.WARNING, logger="archive.search"):
        warm_up()
    assert "search warm-up failed" in caplog.text


def test_gunicorn_config_warms_each_worker_up(monkeypatch):
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    called = []
    import archive.pages.warm

    monkeypatch.setattr(archive.search, "warm_up", lambda: called.append("search"))
    monkeypatch.setattr(archive.pages.warm, "warm_page_cache", lambda: called.append("pages"))
    config["post_worker_init"](worker=None)
    assert called == ["search", "pages"]
