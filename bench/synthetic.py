"""Synthetic reply files for the benchmarks, built on bench/corpus.py's generator.

Each reply is generated from its own index (its own random stream), so worker processes can
make any slice of a corpus independently and still produce the same bytes on every run. The
text is written out as a file's bytes and goes through the real extraction pipeline, like a
file handed to `manage.py ingest`.

On top of corpus.py's sentences each measure gets a few of the figures real replies state
(`5000 余人次`, `约 260 万人`, `测评率达 92%`, `3-5 名`, `近千所`) and named programmes and
schools, which give the search benchmark rare terms as well as common ones.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from bench.corpus import generate_reply

# Sentences per measure from corpus.py; with the figures added, replies are ~3–9 KB.
SEED_SIZED = (8, 16)
MIN_BYTES = 3000

PROGRAMME_HEADS = (
    "青心 阳光 心语 彩虹 向日葵 护苗 春晖 启航 暖心 同心 知心 花开 晨曦 明德 润心 朝阳 蒲公英 萤火 星空 绿荫".split()
)
PROGRAMME_TAILS = "之约 驿站 课堂 工程 行动 计划 家园 热线 护航队 成长营 云平台 工作室".split()
FIGURES = [
    "面向青少年、家长及教师共开展个体辅导 {n} 余人次，团体辅导 {s} 场次。",
    "受益人数约 {w} 万人。",
    "共测评 {w} 万人，测评率达 {p}%。",
    "全市已有近千所学校建成心理辅导室。",
    "每校配备专兼职心理教师 {a}-{b} 名。",
    "累计投入专项经费 {d} 亿元。",
    "超过 {n} 名学生参加了“{programme}”主题活动。",
    "小学每学年不少于 {a} 课时，中学每学年不少于 {b} 课时。",
    "{school}等 {s} 所学校被评为心理健康教育特色学校。",
    "依托“{programme}”品牌，开展心理健康讲座 {s} 场次。",
]
# A measure paragraph: "三、健全心理危机干预机制。…"
MEASURE_PARAGRAPH = re.compile(r"^[一二三四五六七八九十]+、")


def figure_sentence(rng: random.Random, city: str) -> str:
    programme = rng.choice(PROGRAMME_HEADS) + rng.choice(PROGRAMME_TAILS)
    school = f"{city.removesuffix('市')}市第{rng.randint(1, 80)}中学"
    a = rng.randint(1, 12)
    return rng.choice(FIGURES).format(
        n=rng.randint(100, 9000), s=rng.randint(5, 600), w=rng.randint(2, 300), p=rng.randint(60, 100),
        a=a, b=a + rng.randint(1, 6), d=round(rng.uniform(0.1, 9.9), 1), programme=programme, school=school,
    )


def reply_text(index: int, seed: int) -> tuple[str, str]:
    """(file name, text) of synthetic reply number `index`."""
    rng = random.Random(seed * 1_000_003 + index)
    parsed = generate_reply(index, rng, SEED_SIZED)
    city = parsed.header.city or ""
    paragraphs = parsed.raw_text.split("\n\n")
    measures = [i for i, p in enumerate(paragraphs) if MEASURE_PARAGRAPH.match(p)]
    for i in measures:
        paragraphs[i] += "".join(figure_sentence(rng, city) for _ in range(rng.randint(1, 3)))
    # Short replies (two measures) are topped up to the seeds' lower bound of ~3 KB.
    while measures and len("\n\n".join(paragraphs).encode()) < MIN_BYTES:
        paragraphs[rng.choice(measures)] += figure_sentence(rng, city)
    return parsed.source_file, "\n\n".join(paragraphs)


def reply_file(index: int, seed: int) -> tuple[str, bytes]:
    """(file name, UTF-8 bytes) of synthetic reply number `index`."""
    name, text = reply_text(index, seed)
    return name, text.encode("utf-8")


def write_files(folder: Path, n: int, seed: int) -> int:
    """Write n reply files into folder; returns their total size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for index in range(n):
        name, data = reply_file(index, seed)
        (folder / name).write_bytes(data)
        total += len(data)
    return total
