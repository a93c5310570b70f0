"""Store one parsed reply the way `manage.py ingest` does, search index included.

The bulk paths of the bench parse in worker processes and store here, so they must pay for
exactly what the ingest command pays for: store_reply() plus the search index update.
"""
from __future__ import annotations

from functools import cache

from archive.ingest.load import store_reply
from archive.ingest.parsed import ParsedReply


@cache
def index_function():
    """The function that indexes a stored reply, or None when store_reply already does it
    (or when no search backend exists yet)."""
    import inspect

    if "index" in inspect.getsource(store_reply):
        return None
    try:
        from archive.search import get_backend
    except ImportError:
        return None
    return get_backend().index_reply


def store_and_index(parsed: ParsedReply, user: str = "bench"):
    reply = store_reply(parsed, user=user)
    index = index_function()
    if index is not None:
        index(reply)
    return reply
