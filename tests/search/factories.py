"""Build replies for the search tests through the real store_reply."""
from __future__ import annotations

import datetime
import hashlib
import itertools

from archive.ingest.load import store_reply
from archive.ingest.parsed import Header, ParsedMeasure, ParsedReply

SERIAL = itertools.count()


def make_reply(
    text: str,
    *,
    title: str = "",
    city: str = "信阳市",
    province: str = "河南省",
    year: int = 2024,
    date: datetime.date | None = None,
    public: bool | None = True,
    measures: list[tuple[str, str, str, list[str]]] = (),
):
    """Store a reply through store_reply; measures are (heading, body, status, types)."""
    body = text
    parsed_measures = []
    for position, (heading, measure_text, status, types) in enumerate(measures, start=1):
        start = len(body)
        body += f"\n{position}. {heading}。{measure_text}"
        parsed_measures.append(
            ParsedMeasure(heading=heading, text=measure_text, start=start, end=len(body),
                          status=status, types=list(types), path=str(position))
        )
    digest = hashlib.sha256(f"{next(SERIAL)}|{body}".encode()).hexdigest()
    header = Header(
        bureau=f"{city}教育体育局", city=city, province=province, title=title or None,
        public=public, date=date or datetime.date(year, 6, 1), year=year,
    )
    parsed = ParsedReply(
        source_file=f"{digest[:8]}.txt", sha256=digest, raw_text=body, text=body,
        header=header, measures=parsed_measures, metrics=[],
    )
    return store_reply(parsed, user="test")
