"""Parsed replies cross process boundaries (`ingest --jobs`) unchanged."""
import pickle

import pytest

from archive.ingest.pipeline import parse_file
from tests.conftest import SEEDS_DIR

SEEDS = sorted(SEEDS_DIR.iterdir()) if SEEDS_DIR.exists() else []


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_a_parsed_seed_survives_pickling(path):
    parsed = parse_file(path)
    assert parsed.metrics and parsed.measures
    copy = pickle.loads(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == parsed
    assert [m.children for m in copy.measures] == [m.children for m in parsed.measures]
    assert type(copy.metrics[0].value) is type(parsed.metrics[0].value)
