"""Every way a reply arrives parses to the same header and measures (tests/data/formats/expected.json).

These run the whole pure pipeline, so they check read.py together with the header and segment
stages: a reply in GBK, UTF-16 or a web page must give what the same reply gives as UTF-8.
"""
import datetime
import json
from pathlib import Path

import pytest

from archive.ingest.pipeline import parse_file

FORMATS = Path(__file__).resolve().parent.parent / "data" / "formats"
EXPECTED = json.loads((FORMATS / "expected.json").read_text(encoding="utf-8"))
FIXTURES = sorted(name for name in EXPECTED if not name.startswith("_"))


def expectation(name: str) -> dict:
    entry = EXPECTED[name]
    while "same_as" in entry:
        entry = EXPECTED[entry["same_as"]]
    return entry


def header_value(header, field: str):
    value = getattr(header, field)
    return value.isoformat() if isinstance(value, datetime.date) else value


@pytest.mark.parametrize("name", FIXTURES)
def test_header_fields(name):
    parsed = parse_file(FORMATS / name)
    expected = expectation(name)["header"]
    found = {field: header_value(parsed.header, field) for field in expected}
    assert found == expected


@pytest.mark.parametrize("name", FIXTURES)
def test_measure_headings(name):
    parsed = parse_file(FORMATS / name)
    found = [[m.heading, [c.heading for c in m.children]] for m in parsed.measures]
    assert found == expectation(name)["measures"]


@pytest.mark.parametrize("name", FIXTURES)
def test_sha256_is_of_the_raw_bytes(name):
    import hashlib

    path = FORMATS / name
    assert parse_file(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert parse_file(path).source_file == name
