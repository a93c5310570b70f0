from django.apps import AppConfig
from django.core import checks


class SearchConfig(AppConfig):
    name = "archive.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from archive.search import signals

        signals.connect()
        checks.register(check_fts5, checks.Tags.database)


def check_fts5(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """Full-text search on SQLite needs FTS5; say so early instead of failing on the first query."""
    from django.db import connection

    if connection.vendor != "sqlite" or not databases or "default" not in databases:
        return []
    from archive.search.sqlite import fts5_available

    if fts5_available():
        return []
    return [
        checks.Error(
            "SQLite 缺少 FTS5 全文检索扩展。",
            hint="Use a Python/SQLite build with FTS5 enabled (python.org and Debian builds have "
            "it), or set DATABASE_URL to a PostgreSQL database.",
            id="search.E001",
        )
    ]
