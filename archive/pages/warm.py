"""Fill the shared page cache before visitors ask: when a worker starts, or on demand.

The browse pages' aggregates (each city's facts and type profile, the year and type
overviews, the metric sums) cost 0.03–1 s each the first time per data version at 20,000
replies (cache.py). Computed here, by rendering the browse pages once for an anonymous
visitor, no visitor waits for them after a restart or when a worker is recycled; after
`manage.py ingest` changed the data, `manage.py warm_pages` does the same at once.

Only what anonymous visitors see is prepared (staff and private replies change the numbers,
and staff are few). With a shared (file) cache, one process warms at a time — a lock file
beside the cache — and the others skip; with a per-process memory cache (development) each
process warms its own. The work stops after `budget` seconds: a huge archive gets its most
visited pages (overviews, then the largest cities) ready first.
"""
from __future__ import annotations

import fcntl
import logging
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve

from archive.choices import MeasureType as MeasureTypeChoice
from archive.pages.cache import CACHE_ALIAS

logger = logging.getLogger(__name__)

OVERVIEWS = ["/", "/cities/", "/years/", "/types/", "/metrics/", "/coverage/"]
BUDGET_SECONDS = 120.0


def shared_cache_dir() -> Path | None:
    """The folder of the file-based page cache, None when the cache lives in memory."""
    config = settings.CACHES[CACHE_ALIAS]
    if config["BACKEND"].endswith("FileBasedCache"):
        return Path(config["LOCATION"])
    return None


@contextmanager
def warming_lock():
    """True inside when this process may warm (nobody else is), False when another is at it."""
    folder = shared_cache_dir()
    if folder is None:
        yield True
        return
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "warming.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def warming_now() -> bool:
    """True while some process holds the warming lock of the shared cache (/healthz says so)."""
    folder = shared_cache_dir()
    if folder is None or not (folder / "warming.lock").exists():
        return False
    with warming_lock() as free:
        return not free


def browse_paths() -> list[str]:
    """The browse pages an anonymous visitor can open, overviews first, big cities next."""
    from archive.pages.compare import city_rows
    from archive.pages.queries import years_overview

    anonymous = AnonymousUser()
    cities = sorted(city_rows(anonymous), key=lambda row: -row["replies"])
    paths = list(OVERVIEWS)
    paths += [f"/types/{slug}/" for slug in MeasureTypeChoice.values]
    paths += [f"/years/{row['year']}/" for row in years_overview(anonymous) if row.get("year")]
    paths += [f"/cities/{quote(row['city'])}/" for row in cities]
    return paths


def render(path: str) -> int:
    """Run the page's view for an anonymous visitor, the way a request would; its status."""
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    match = resolve(request.path_info)
    return match.func(request, *match.args, **match.kwargs).status_code


def warm_compare() -> None:
    """Each city's /compare/ facts, all cities in one pass (one grouped query per fact)."""
    from archive.pages.compare import city_facts, city_rows

    anonymous = AnonymousUser()
    city_facts(anonymous, [row["city"] for row in city_rows(anonymous)])


def warm_page_cache(budget: float = BUDGET_SECONDS) -> dict:
    """Render the browse pages once so their aggregates are cached; a summary for the log.

    Never raises: a failure (say, a database not migrated yet) is logged and left to the
    first visitor, who gets the usual error page.
    """
    summary = {"pages": 0, "skipped": False, "failed": False, "seconds": 0.0, "stopped_early": False}
    start = time.monotonic()
    try:
        with warming_lock() as mine:
            if not mine:
                summary["skipped"] = True
                return summary
            warm_compare()
            for path in browse_paths():
                if time.monotonic() - start > budget:
                    summary["stopped_early"] = True
                    break
                render(path)
                summary["pages"] += 1
    except Exception:  # noqa: BLE001 - see the docstring
        summary["failed"] = True
        logger.warning("page cache warm-up failed; visitors will fill it instead", exc_info=True)
    finally:
        summary["seconds"] = round(time.monotonic() - start, 2)
    return summary
