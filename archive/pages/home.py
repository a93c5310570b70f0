"""The front page: a search box, what the archive holds, the latest replies, ways in."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from archive.exports_web import render_page
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


@friendly_errors
def home(request: HttpRequest) -> HttpResponse:
    counts = archive_counts(request.user)
    latest = with_counts(reply_list(visible_replies(request.user))[:LATEST])
    table = reply_table(latest, "latest", "最新答复")
    context = {"counts": counts, "type_labels": sorted(TYPE_LABELS.items(), key=lambda kv: kv[0] == "other")}
    return render_page(request, "archive/home.html", context, [table], "latest", {"counts": counts})
