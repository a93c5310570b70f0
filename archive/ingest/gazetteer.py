"""Chinese prefectures and counties → province, from data/gazetteer.json (the one place for it).

The JSON file was generated once by data/make_gazetteer.py; nothing here needs pandas.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "gazetteer.json"
LONGEST_NAME = 12


@dataclass(frozen=True)
class Place:
    city: str
    province: str | None


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[str, list[tuple[str, str]]], tuple[str, ...]]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    places = {name: [tuple(pair) for pair in pairs] for name, pairs in data["places"].items()}
    return places, tuple(data["provinces"])


def leading_place(name: str) -> Place | None:
    """The place an organisation name starts with: '南阳市桐柏县卫生健康委员会' → 桐柏县, 河南省.

    A province prefix is skipped; when a prefecture is followed by one of its counties the county
    is the city "as named"; the prefecture decides between counties of the same name.
    """
    places, provinces = gazetteer()
    province = next((p for p in provinces if name.startswith(p)), None)
    rest = name[len(province):] if province else name
    chain: list[str] = []
    while True:
        found = longest_prefix(rest, places)
        if not found:
            break
        chain.append(found)
        rest = rest[len(found):]
    if not chain:
        return None
    city = chain[-1]
    pairs = places[city]
    if province:
        pairs = [p for p in pairs if p[0] == province] or pairs
    if len(chain) > 1:
        pairs = [p for p in pairs if p[1] == chain[-2]] or pairs
    found_provinces = {p[0] for p in pairs}
    return Place(city=city, province=found_provinces.pop() if len(found_provinces) == 1 else province)


def longest_prefix(text: str, places: dict) -> str | None:
    for size in range(min(len(text), LONGEST_NAME), 1, -1):
        if text[:size] in places:
            return text[:size]
    return None
