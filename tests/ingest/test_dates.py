"""Dates in the forms replies use, including Chinese numerals and squashed signatures."""
import datetime

import pytest

from archive.ingest.dates import parse_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024年7月2日", datetime.date(2024, 7, 2)),
        ("2023年5月25日", datetime.date(2023, 5, 25)),
        ("二〇二四年六月二十日", datetime.date(2024, 6, 20)),
        ("二〇二三年十二月三十一日", datetime.date(2023, 12, 31)),
        ("二零二五年一月十日", datetime.date(2025, 1, 10)),
        ("2024-06-20", datetime.date(2024, 6, 20)),
        ("2024.6.20", datetime.date(2024, 6, 20)),
        ("2025610", datetime.date(2025, 6, 10)),
        ("20250610", datetime.date(2025, 6, 10)),
        ("20251231", datetime.date(2025, 12, 31)),
        ("2025129", datetime.date(2025, 1, 29)),
        ("2025131", datetime.date(2025, 1, 31)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2024年2月30日", "2023—2025年", "第2024175号", "6225005", ""])
def test_not_a_date(text):
    assert parse_date(text) is None
