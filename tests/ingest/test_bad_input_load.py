"""store_reply with values a mis-parse can produce: too long for their columns on PostgreSQL."""
from decimal import Decimal

import pytest

from archive.ingest.load import store_reply
from archive.ingest.parsed import Header, ParsedMetric, ParsedReply
from archive.models import Metric, Reply

pytestmark = pytest.mark.django_db


def test_overlong_values_are_cut_to_their_columns_on_every_database():
    header = Header(bureau="局" * 300, proposer="张" * 250, title="题" * 600, phone="1" * 80)
    metric = ParsedMetric(value=Decimal(5), unit="个" * 30, start=0, end=1, label="指" * 250)
    store_reply(ParsedReply("long.txt", "f" * 64, "x", "x", header, [], [metric]))
    reply = Reply.objects.get()
    assert (len(reply.bureau), len(reply.proposer), len(reply.title), len(reply.phone)) == (200, 200, 500, 50)
    stored = Metric.objects.get()
    assert (len(stored.unit), len(stored.label)) == (20, 200)
