"""A deterministic synthetic corpus of replies for the recall test and the benchmarks.

generate_replies(n, seed) yields ParsedReply objects shaped like the real seeds: a
bureau header, a title, numbered measures (一、…) with headings and bodies, a closing
date. Same (n, seed, size) -> the same texts, on every machine. A few replies are written
in traditional characters and a few are staff-only (public=False), so folding and
visibility get exercised. store_corpus() saves them through the real store_reply().
"""
from __future__ import annotations

import datetime
import hashlib
import random
from collections.abc import Iterator

from archive.ingest.parsed import Header, ParsedMeasure, ParsedReply

CITIES = [
    ("信阳市", "河南省"), ("郑州市", "河南省"), ("洛阳市", "河南省"), ("南阳市", "河南省"),
    ("武汉市", "湖北省"), ("宜昌市", "湖北省"), ("长沙市", "湖南省"), ("岳阳市", "湖南省"),
    ("成都市", "四川省"), ("绵阳市", "四川省"), ("杭州市", "浙江省"), ("宁波市", "浙江省"),
    ("苏州市", "江苏省"), ("南京市", "江苏省"), ("合肥市", "安徽省"), ("芜湖市", "安徽省"),
    ("济南市", "山东省"), ("青岛市", "山东省"), ("广州市", "广东省"), ("深圳市", "广东省"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "海朋建华明丽军静敏强磊洋艳勇杰娟涛超秀霞平刚桂英文辉玲芳燕红"
TOPICS = [
    "加强中小学生心理健康教育", "降低中小学生学习负担", "完善家校共育机制", "推进医教结合",
    "建立心理危机干预体系", "加强心理教师队伍建设", "关注留守儿童心理健康", "防治校园欺凌",
    "开设心理健康课程", "设立心理辅导室", "开展心理测评筛查", "提升青少年心理素质",
]
HEADINGS = [
    ("高度重视，加强组织领导", "organization"), ("配齐配强心理健康教师队伍", "staffing"),
    ("开足开好心理健康教育课程", "curriculum"), ("开展心理健康测评筛查", "screening"),
    ("做好心理咨询与心理辅导", "counseling"), ("健全心理危机干预机制", "crisis"),
    ("深化医教结合协作", "medical"), ("推进家校共育", "family"),
    ("广泛开展宣传教育活动", "outreach"), ("落实双减，促进五育并举", "wellbeing"),
    ("加大经费投入，改善设施条件", "funding"), ("强化督导考核", "other"),
]
SUBJECTS = [
    "市教体局", "各县区教育部门", "各中小学校", "市卫健委", "心理健康教育指导中心",
    "班主任", "专兼职心理教师", "心理委员", "家长学校", "未成年人心理辅导站", "精神卫生中心",
]
ACTIONS = [
    "组织开展", "持续推进", "认真落实", "全面实施", "统筹部署", "积极探索", "建立健全",
    "常态化开展", "联合举办", "规范设置", "定期组织", "扎实推进",
]
OBJECTS = [
    "心理健康教育工作", "心理辅导活动", "心理疏导服务", "心理咨询热线12355", "家庭教育讲座",
    "心理健康月主题活动", "教师心理健康培训", "学生心理测评", "危机学生档案管理",
    "医校协同转介机制", "生命教育课程", "团体心理辅导", "AI心理预警平台", "5G智慧校园建设",
    "校园欺凌专项治理", "课后服务", "体育锻炼一小时", "阳光体育运动",
]
RESULTS = [
    "取得明显成效", "覆盖全市中小学", "形成长效机制", "受到家长好评", "有效提升学生心理素质",
    "累计服务学生{n}人次", "培训教师{n}人", "建成心理辅导室{n}个", "投入资金{n}万元",
]
PLANNED = ["下一步，", "今后，我们将", "2025年计划", "拟于明年"]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def sentence(rng: random.Random, planned: bool = False) -> str:
    result = rng.choice(RESULTS).format(n=rng.randint(3, 9000))
    lead = rng.choice(PLANNED) if planned else ""
    return f"{lead}{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}，{result}。"


CHINESE_NUMERALS = "一二三四五六七八九十"


def generate_reply(index: int, rng: random.Random, sentences_per_measure: tuple[int, int]) -> ParsedReply:
    city, province = rng.choice(CITIES)
    year = rng.randint(2019, 2025)
    date = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
    bureau = f"{city}教育体育局"
    title = rng.choice(TOPICS)
    number = f"{year}{rng.randint(1, 400):03d}"
    parts = [
        f"{bureau}\n\n签发人：{person(rng)}\n\n办理结果：{rng.choice('ABC')}\n\n",
        f"对市政协第{rng.randint(5, 14)}届{rng.randint(1, 5)}次会议 第 {number} 号提案的答复\n\n",
        f"{person(rng)}委员：\n\n您提出关于“{title}”的提案已收悉。经研究办理，现答复如下：\n\n",
        sentence(rng) + sentence(rng) + "\n\n",
    ]
    text = "".join(parts)
    measures: list[ParsedMeasure] = []
    for position, (heading, slug) in enumerate(
        rng.sample(HEADINGS, rng.randint(2, 6)), start=1
    ):
        planned = rng.random() < 0.2
        body = "".join(
            sentence(rng, planned and i == 0) for i in range(rng.randint(*sentences_per_measure))
        )
        line = f"{CHINESE_NUMERALS[position - 1]}、{heading}。{body}\n\n"
        start = len(text)
        text += line
        measures.append(
            ParsedMeasure(
                heading=heading, text=body, start=start, end=len(text) - 2,
                status="planned" if planned else "done", types=[slug], path=str(position),
            )
        )
    text += f"{bureau}\n{year}年{date.month}月{date.day}日\n"
    if rng.random() < 0.03:
        text = traditional(text)
    header = Header(
        bureau=bureau, city=city, province=province, proposal_number=number, proposer=None,
        title=f"关于“{title}”提案的答复", result_class=rng.choice("ABC"),
        public=rng.random() >= 0.05, date=date, year=year,
    )
    source_file = f"synthetic_{index:06d}.txt"
    return ParsedReply(
        source_file=source_file,
        sha256=hashlib.sha256(f"{source_file}\n{text}".encode()).hexdigest(),
        raw_text=text, text=text, header=header, measures=measures, metrics=[],
    )


def traditional(text: str) -> str:
    from zhconv import convert

    converted = convert(text, "zh-hant")
    # Keep offsets valid: only accept a conversion that keeps the length.
    return converted if len(converted) == len(text) else text


def generate_replies(
    n: int, seed: int = 0, sentences_per_measure: tuple[int, int] = (2, 6)
) -> Iterator[ParsedReply]:
    """n replies, deterministic for a seed. (2, 6) sentences give ~1–3 KB; use (8, 20) for ~6 KB."""
    rng = random.Random(seed)
    for index in range(n):
        yield generate_reply(index, rng, sentences_per_measure)


def store_corpus(n: int, seed: int = 0, sentences_per_measure: tuple[int, int] = (2, 6)) -> int:
    """Save n synthetic replies through store_reply; returns how many were stored."""
    from archive.ingest.load import store_reply

    count = 0
    for parsed in generate_replies(n, seed, sentences_per_measure):
        store_reply(parsed, user="synthetic")
        count += 1
    return count
