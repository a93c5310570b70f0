"""Fill the shared page cache now, e.g. right after a bulk ingest on a running server.

Workers do the same when they start (gunicorn.conf.py); this saves the first visitors after
an ingest from waiting for the aggregates of the new data version.
"""
from django.core.management.base import BaseCommand, CommandError

from archive.pages.warm import BUDGET_SECONDS, shared_cache_dir, warm_page_cache


class Command(BaseCommand):
    help = "预先计算浏览页面的统计缓存 (fill the shared page cache)"

    def add_arguments(self, parser):
        parser.add_argument("--budget", type=float, default=BUDGET_SECONDS, help="stop after this many seconds")

    def handle(self, *args, budget: float, **options):
        if shared_cache_dir() is None:
            raise CommandError(
                "the page cache is kept in each process's memory (DJANGO_DEBUG=1 or "
                "ARCHIVE_PAGE_CACHE_DIR=off): warming it from here would help no one"
            )
        summary = warm_page_cache(budget)
        if summary["skipped"]:
            self.stdout.write("another process is warming the page cache; nothing done")
            return
        if summary["failed"]:
            raise CommandError(f"warming failed after {summary['pages']} pages; the log says why")
        more = " (stopped at the time budget)" if summary["stopped_early"] else ""
        self.stdout.write(f"{summary['pages']} pages warmed in {summary['seconds']} s{more}")
