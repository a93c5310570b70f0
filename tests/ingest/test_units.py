"""The unit table: comparable values, and what is deliberately not a unit."""
import re
from decimal import Decimal

import pytest

from archive.ingest.units import NOT_A_UNIT_BEFORE, UNITS, base_quantity, unit_pattern


@pytest.mark.parametrize("value, unit, expected", [
    ("260", "万人", ("2600000", "人")),
    ("1.5", "亿元", ("150000000", "元")),
    ("100", "万人次", ("1000000", "人次")),
    ("12.5", "万剂次", ("125000", "剂次")),
    ("85", "%", ("85", "%")),
    ("95", "名", ("95", "人")),
    ("521", "场次", ("521", "场")),
    ("1200", "万", ("12000000", "")),
    ("3", "条", ("3", "条")),
])
def test_base_quantity(value, unit, expected):
    normalized, base = base_quantity(Decimal(value), unit)
    assert (format(normalized.normalize(), "f"), base) == expected


@pytest.mark.parametrize("word", ["年", "月", "日", "号", "级", "届", "点", "时"])
def test_dates_levels_and_clock_times_are_not_units(word):
    assert word not in UNITS


def test_pattern_prefers_the_longer_unit():
    pattern = re.compile(unit_pattern())
    for text, unit in [("人次", "人次"), ("人", "人"), ("个百分点", "个百分点"), ("个月", "个月"),
                       ("课时", "课时"), ("场次", "场次"), ("平方米", "平方米"), ("%", "%")]:
        assert pattern.match(text).group() == unit
    assert pattern.match("年") is None


def test_every_unit_is_matched_whole():
    pattern = re.compile(f"(?:{unit_pattern()})$")
    assert all(pattern.match(unit) for unit in UNITS)


def test_word_guards_refer_to_listed_units():
    assert set(NOT_A_UNIT_BEFORE) <= set(UNITS)
