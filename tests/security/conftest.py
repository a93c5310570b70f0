"""An archive holding the seed replies plus one reply that must never be shown to the public."""
import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from archive.ingest.load import store_reply
from archive.ingest.parsed import Header, ParsedMeasure, ParsedMetric, ParsedReply
from archive.models import Reply

# Text that exists only in the private reply; none of it may reach an anonymous visitor.
SECRET_WORD = "紫藤萝瀑布"
SECRET_TITLE = "关于机密事项甲乙丙的提案答复"
SECRET_CITY = "隐秘市"
SECRET_PROVINCE = "保密省"
SECRET_YEAR = 2031
MARKERS = [SECRET_WORD, SECRET_TITLE, SECRET_CITY, SECRET_PROVINCE, "秘密提案人"]


def private_parsed() -> ParsedReply:
    heading = f"一、建立{SECRET_WORD}心理危机干预机制"
    body = f"{heading}。全年开展{SECRET_WORD}团体辅导 777 场次。"
    text = f"{SECRET_TITLE}\n秘密提案人：\n{body}\n{SECRET_CITY}教育局\n2031年3月1日"
    start = text.index(heading)
    metric_start = text.index("777")
    return ParsedReply(
        source_file="private.txt",
        sha256="f" * 64,
        raw_text=text,
        text=text,
        header=Header(
            bureau=f"{SECRET_CITY}教育局",
            city=SECRET_CITY,
            province=SECRET_PROVINCE,
            proposer="秘密提案人",
            title=SECRET_TITLE,
            result_class="A",
            public=False,
            date=datetime.date(SECRET_YEAR, 3, 1),
            year=SECRET_YEAR,
        ),
        measures=[
            ParsedMeasure(
                heading=heading, text=body, start=start, end=start + len(body),
                types=["crisis", "counseling"], path="1",
            )
        ],
        metrics=[
            ParsedMetric(
                value=Decimal(777), unit="场次", start=metric_start, end=metric_start + 6,
                label=f"{SECRET_WORD}团体辅导", measure_path="1",
                normalized_value=Decimal(777), base_unit="场次",
            )
        ],
    )


@pytest.fixture
def seeded(db, seed_paths):
    call_command("ingest", *map(str, seed_paths))


@pytest.fixture
def private_reply(seeded):
    return store_reply(private_parsed(), user="test")


@pytest.fixture
def sample_values(private_reply) -> dict[str, str]:
    """Values for URL parameters that point at the private reply wherever they can."""
    public = Reply.objects.filter(public=True).first() or Reply.objects.exclude(public=False).first()
    return {
        "public_pk": str(public.pk),
        "pk": str(private_reply.pk),
        "city": SECRET_CITY,
        "province": SECRET_PROVINCE,
        "year": str(SECRET_YEAR),
        "slug": "crisis",
        "type": "crisis",
        "str": SECRET_CITY,
        "int": str(private_reply.pk),
    }
