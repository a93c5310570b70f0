"""Build replies with measures, types and metrics directly, with spans that point at real text.

Used by the page tests (query counts with 50 replies) and the browser test, so they do
not depend on the extractor's progress.
"""
from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from itertools import count

from archive.models import Measure, MeasureType, Metric, Reply
from archive.search.signals import index_reply

_serial = count(1)

MEASURE_HEADINGS = [
    ("加强组织领导，健全工作机制", "organization", "市教育局成立心理健康教育工作领导小组"),
    ("开展心理健康筛查，建立学生档案", "screening", "全市开展心理健康测评，覆盖学生{n}万人"),
    ("加强心理辅导，开展团体活动", "counseling", "全年开展团体辅导{n}场次"),
    ("推进家校共育，办好家长学校", "family", "举办家长课堂{n}期"),
]


def make_reply(
    city: str = "信阳市",
    province: str = "河南省",
    year: int = 2024,
    title: str | None = None,
    public: bool | None = True,
    measures: int = 3,
    planned_last: bool = True,
    extra_text: str = "",
) -> Reply:
    """One reply whose text holds `measures` numbered measures, each with one metric."""
    serial = next(_serial)
    title = title or f"关于加强中小学生心理健康教育的提案{serial}"
    parts = [f"{city}教育局\n\n对{title}的答复\n\n您提出的提案已收悉。现答复如下：\n\n"]
    spans = []
    numerals = "一二三四五六七八九十"
    for i in range(measures):
        heading, slug, sentence = MEASURE_HEADINGS[i % len(MEASURE_HEADINGS)]
        head = f"{numerals[i % 10]}、{heading}。"
        number = str(100 + serial * 10 + i)
        body = sentence.format(n=number) + "。下一步将继续推进。\n\n"
        start = sum(len(p) for p in parts)
        metric_start = start + len(head) + sentence.find("{n}") if "{n}" in sentence else None
        parts.append(head + body)
        spans.append((heading, slug, start, start + len(head) + len(body), metric_start, number))
    parts.append(extra_text + "\n感谢您对教育工作的关心和支持。\n")
    text = "".join(parts)
    reply = Reply.objects.create(
        source_file=f"{serial:04d}_factory.txt",
        sha256=hashlib.sha256(f"{serial}{text}".encode()).hexdigest(),
        raw_text=text,
        text=text,
        bureau=f"{city}教育局",
        city=city,
        province=province,
        title=title,
        proposal_number=f"{year}{serial:03d}",
        session="市政协六届二次会议",
        proposer="张委员",
        signer="李局长",
        result_class="A",
        public=public,
        date=date(year, 1 + serial % 12, 1 + serial % 28),
        year=year,
    )
    for i, (heading, slug, start, end, metric_start, number) in enumerate(spans):
        status = "planned" if planned_last and i == len(spans) - 1 and len(spans) > 1 else "done"
        measure = Measure.objects.create(
            reply=reply, position=i + 1, path=str(i + 1), order=i, heading=heading,
            text=text[start:end], status=status, span_start=start, span_end=end,
        )
        MeasureType.objects.create(measure=measure, slug=slug, rank=0)
        if metric_start is not None:
            unit = "万人" if slug == "screening" else ("场次" if slug == "counseling" else "期")
            value = Decimal(number)
            Metric.objects.create(
                reply=reply, measure=measure, position=i, value=value, unit=unit,
                label={"screening": "测评覆盖学生", "counseling": "团体辅导", "family": "家长课堂"}.get(slug, "数量"),
                qualifier="余" if slug == "counseling" else None,
                normalized_value=value * 10000 if unit == "万人" else value,
                base_unit="人" if unit == "万人" else unit,
                span_start=metric_start, span_end=metric_start + len(number),
            )
    index_reply(reply)  # now, as store_reply does: test transactions never commit
    return reply


def make_archive(n: int = 50) -> list[Reply]:
    """n replies over four cities in two provinces and three years, one in ten not public."""
    cities = [("信阳市", "河南省"), ("郑州市", "河南省"), ("杭州市", "浙江省"), ("宁波市", "浙江省")]
    replies = []
    for i in range(n):
        city, province = cities[i % len(cities)]
        replies.append(
            make_reply(city=city, province=province, year=2022 + i % 3, public=(i % 10 != 9), measures=2 + i % 3)
        )
    return replies
