"""Warming the shared page cache: the browse pages' aggregates are ready before visitors ask."""
import fcntl
import io
import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.management import CommandError, call_command

import archive.pages.warm as warm
from archive.pages.cache import CACHE_ALIAS, cache_key


@pytest.fixture
def file_cache(settings, tmp_path):
    """The production setting: a file cache every worker shares."""
    settings.CACHES = {
        **settings.CACHES,
        CACHE_ALIAS: {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "pages")},
    }
    caches[CACHE_ALIAS].clear()
    yield tmp_path / "pages"
    caches[CACHE_ALIAS].clear()


def city_page_key(city: str) -> str:
    return cache_key("city", AnonymousUser(), city, 1)


def test_warming_fills_the_cache_for_every_browse_page(archive_50, file_cache, django_assert_max_num_queries):
    from archive.models import Reply

    city = Reply.objects.exclude(city="").values_list("city", flat=True).first()
    assert caches[CACHE_ALIAS].get(city_page_key(city)) is None
    summary = warm.warm_page_cache()
    assert summary["pages"] >= len(warm.OVERVIEWS) and not summary["failed"] and not summary["skipped"]
    assert caches[CACHE_ALIAS].get(city_page_key(city)) is not None
    assert caches[CACHE_ALIAS].get(cache_key("cities", AnonymousUser())) is not None


def test_a_visitor_after_warming_reads_the_cache(archive_50, file_cache, client, django_assert_max_num_queries):
    from archive.models import Reply

    city = Reply.objects.exclude(city="").values_list("city", flat=True).first()
    warm.warm_page_cache()
    # The data version and the visitor's session are all that is left to read.
    with django_assert_max_num_queries(3):
        assert client.get(f"/cities/{city}/").status_code == 200


def test_only_one_process_warms_at_a_time_and_healthz_tells(archive_50, file_cache, client):
    assert client.get("/healthz")["X-Page-Cache"] == "ready"
    file_cache.mkdir(parents=True, exist_ok=True)
    with open(file_cache / "warming.lock", "a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        summary = warm.warm_page_cache()
        assert client.get("/healthz")["X-Page-Cache"] == "warming"
    assert summary["skipped"] and summary["pages"] == 0
    assert client.get("/healthz")["X-Page-Cache"] == "ready"


def test_a_failure_is_logged_and_never_raised(archive_50, file_cache, monkeypatch, caplog):
    def broken():
        raise RuntimeError("no such table: archive_reply")

    monkeypatch.setattr(warm, "browse_paths", broken)
    with caplog.at_level(logging.WARNING, logger="archive.pages.warm"):
        summary = warm.warm_page_cache()
    assert summary["failed"]
    assert "page cache warm-up failed" in caplog.text
    with pytest.raises(CommandError, match="warming failed"):
        call_command("warm_pages", stdout=io.StringIO())


def test_the_time_budget_stops_warming_early(archive_50, file_cache):
    summary = warm.warm_page_cache(budget=0)
    assert summary["stopped_early"] and summary["pages"] == 0


def test_command_warms_a_shared_cache_and_refuses_a_private_one(archive_50, file_cache, settings):
    out = io.StringIO()
    call_command("warm_pages", stdout=out)
    assert "pages warmed" in out.getvalue()
    settings.CACHES = {**settings.CACHES, CACHE_ALIAS: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with pytest.raises(CommandError, match="memory"):
        call_command("warm_pages", stdout=io.StringIO())
