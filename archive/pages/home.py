"""The front page: a search box, what the archive holds, the latest replies, ways in."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from archive.exports_web import PageContent, render_content
from archive.pages.cache import cached
from archive.pages.errors import friendly_errors
from archive.pages.queries import (
    TYPE_LABELS,
    archive_counts,
    reply_list,
    visible_replies,
    with_counts,
)
from archive.pages.tables import reply_table

LATEST = 10


def home_content(user) -> PageContent:
    counts = archive_counts(user)
    latest = with_counts(reply_list(visible_replies(user))[:LATEST])
    types = sorted(TYPE_LABELS.items(), key=lambda kv: kv[0] == "other")
    return PageContent([reply_table(latest, "latest", "最新答复")], {"counts": counts, "type_labels": types},
                       {"counts": counts})


@friendly_errors
def home(request: HttpRequest) -> HttpResponse:
    content = cached("home", request.user, lambda: home_content(request.user))
    return render_content(request, "archive/home.html", content, "latest")
