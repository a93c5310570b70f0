"""Keep the index in step with the database: after any change to a reply, its measures or
their types, the reply is re-indexed once when the transaction commits.

Measures and types are saved after their Reply, so indexing at Reply post_save would miss
the headings; on_commit sees the finished reply. Callbacks are deduplicated per reply and
transaction, and store_reply indexes inside its own transaction (see index_reply below), so
an ingest costs one indexing, not one per saved row.
"""
from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from archive.models import Measure, MeasureType, Reply


class Reindex:
    """An on_commit callback for one reply; cancelled when the reply was indexed already."""

    def __init__(self, reply_id: int):
        self.reply_id = reply_id
        self.cancelled = False

    def __call__(self) -> None:
        if not self.cancelled:
            self.cancelled = True  # ran: later changes need a callback of their own
            reindex(self.reply_id)


def pending(reply_id: int) -> list[Reindex]:
    connection = transaction.get_connection()
    return [
        func for _, func, _ in connection.run_on_commit
        if isinstance(func, Reindex) and func.reply_id == reply_id and not func.cancelled
    ]


def schedule(reply_id: int | None) -> None:
    if reply_id is None or pending(reply_id):
        return
    transaction.on_commit(Reindex(reply_id))


def reindex(reply_id: int) -> None:
    """Index the reply as it is now, or drop it from the index when it is gone."""
    from archive.search import get_backend

    reply = Reply.objects.defer("raw_text").filter(pk=reply_id).first()
    if reply is None:
        get_backend().remove_reply(reply_id)
    else:
        get_backend().index_reply(reply)


def index_reply(reply: Reply) -> None:
    """Index now, inside the caller's transaction (used by store_reply)."""
    from archive.search import get_backend

    get_backend().index_reply(reply)
    for callback in pending(reply.pk):
        callback.cancelled = True


def index_replies(replies: list[Reply]) -> None:
    """Index a batch now, inside the caller's transaction (used by bulk ingest)."""
    from archive.search import get_backend

    get_backend().index_replies(replies)
    for reply in replies:
        for callback in pending(reply.pk):
            callback.cancelled = True


def reply_changed(sender, instance, **kwargs) -> None:
    schedule(instance.pk)


def measure_changed(sender, instance, **kwargs) -> None:
    schedule(instance.reply_id)


def measure_type_changed(sender, instance, **kwargs) -> None:
    reply_id = Measure.objects.filter(pk=instance.measure_id).values_list("reply_id", flat=True).first()
    schedule(reply_id)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(reply_changed, sender=Reply, dispatch_uid=f"search-reply-{signal}")
        signal.connect(measure_changed, sender=Measure, dispatch_uid=f"search-measure-{signal}")
        signal.connect(measure_type_changed, sender=MeasureType, dispatch_uid=f"search-type-{signal}")
