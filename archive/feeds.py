"""Atom feeds: the latest replies, and any search saved as a feed (/feeds/search.atom?q=…).

Both show only what the requesting user may see, like every page.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

from archive.filters import ReplyFilter
from archive.models import Reply
from archive.pages.errors import BadParameter, friendly_errors
from archive.pages.queries import REPLY_LIST_FIELDS, visible_replies

FEED_SIZE = 30


# An empty feed's <updated>: a fixed date, not "now", so the response says nothing new.
EMPTY_FEED_UPDATED = datetime(2000, 1, 1, tzinfo=UTC)


class ArchiveAtomFeed(Atom1Feed):
    def latest_post_date(self) -> datetime:
        dates = [item["updateddate"] or item["pubdate"] for item in self.items]
        dates = [d for d in dates if d is not None]
        return max(dates) if dates else EMPTY_FEED_UPDATED


@dataclass
class FeedItem:
    reply: Reply
    summary: str


def item_for(reply: Reply, summary: str = "") -> FeedItem:
    return FeedItem(reply, summary or f"{reply.bureau} · {reply.city} · {reply.date or reply.year or ''}")


class ReplyFeed(Feed):
    feed_type = ArchiveAtomFeed

    def item_title(self, item: FeedItem) -> str:
        return item.reply.title or item.reply.source_file

    def item_description(self, item: FeedItem) -> str:
        return item.summary

    def item_link(self, item: FeedItem) -> str:
        return item.reply.get_absolute_url()

    def item_author_name(self, item: FeedItem) -> str:
        return item.reply.bureau or ""

    def item_categories(self, item: FeedItem) -> list[str]:
        return [c for c in (item.reply.city, item.reply.province) if c]

    def item_updateddate(self, item: FeedItem):
        return item.reply.ingested_at


class LatestRepliesFeed(ReplyFeed):
    title = "提案答复档案 · 最新答复"
    link = "/"
    subtitle = "最新收录的政府部门答复"

    def get_object(self, request: HttpRequest, *args, **kwargs):
        return request.user

    def items(self, user) -> list[FeedItem]:
        replies = visible_replies(user).only(*REPLY_LIST_FIELDS, "ingested_at").order_by("-id")
        return [item_for(r) for r in replies[:FEED_SIZE]]


class SearchFeed(ReplyFeed):
    """A saved search: same parameters as /search/, newest first."""

    def get_object(self, request: HttpRequest, *args, **kwargs) -> dict:
        params = request.GET.copy()
        params["sort"] = "date"
        params.pop("page", None)
        filterset = ReplyFilter(params, queryset=visible_replies(request.user))
        if not filterset.is_valid():
            raise BadParameter("；".join(f"{filterset.form.fields[n].label}：{'，'.join(e)}" for n, e in filterset.form.errors.items()))
        return {"filterset": filterset, "user": request.user, "query": filterset.query_text, "params": request.GET.urlencode()}

    def title(self, obj: dict) -> str:
        return f"提案答复档案 · 检索“{obj['query']}”" if obj["query"] else "提案答复档案 · 检索"

    def link(self, obj: dict) -> str:
        return f"/search/?{obj['params']}"

    def items(self, obj: dict) -> list[FeedItem]:
        filterset = obj["filterset"]
        filterset.form.cleaned_data["page_size"] = FEED_SIZE
        results = filterset.search(obj["user"])
        replies = visible_replies(obj["user"]).only(*REPLY_LIST_FIELDS, "ingested_at").in_bulk(
            [hit.reply_id for hit in results.hits]
        )
        return [item_for(replies[h.reply_id], strip_tags(h.snippet)) for h in results.hits if h.reply_id in replies]


latest_feed = friendly_errors(LatestRepliesFeed())
search_feed = friendly_errors(SearchFeed())
