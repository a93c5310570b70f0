"""The enumerator patterns of Chinese official prose, in one place.

A family is one way of numbering items; the segmenter decides levels by the order in which
families appear, never by the family itself (`（一）` may be a top level in one reply and a second
level in another).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "一二三四五六七八九十"
CN_NUMBER = rf"[{CN_DIGITS}]{{1,3}}"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Each family: its name and the pattern of one enumerator (group `num`).
FAMILIES: dict[str, str] = {
    "cn": rf"(?P<cn>{CN_NUMBER})[、.](?![{CN_DIGITS}、])",  # 一、加强组织领导   二.
    "cn_paren": rf"[（(](?P<cn_paren>{CN_NUMBER})[）)]",       # （一）加强专业阵地建设   (二)
    "shi": rf"(?P<shi>{CN_NUMBER})是(?![否非])",               # 一是开展心理健康教育培训活动
    "num": r"(?P<num>\d{1,2})[.、](?![\d.、])",                # 1.加大招聘力度   2、
    "num_paren": r"[（(](?P<num_paren>\d{1,2})[）)]",          # （1）建立台账   (2)
    "circled": rf"(?P<circled>[{CIRCLED}])",                   # ①硬件升级
}
ANY_ENUMERATOR = "|".join(FAMILIES.values())

# An enumerator at the start of a line, behind any number of markdown #: `### 一、加强…`.
LINE_ENUMERATOR = re.compile(rf"^#*[ \t]*(?:{ANY_ENUMERATOR})")
# An enumerator where a paragraph starts or after a sentence/clause ends: `…协同。一是成立…`.
ENUMERATOR = re.compile(rf"(?:^#*[ \t]*|(?<=[。；;：:！？!?]))[ \t]*(?:{ANY_ENUMERATOR})", re.MULTILINE)


@dataclass(frozen=True)
class Enumerator:
    """One enumerator found in the text: where it starts, where its item text starts."""

    family: str
    number: int
    start: int
    body_start: int
    at_line_start: bool


def find_enumerators(text: str, start: int = 0, end: int | None = None) -> list[Enumerator]:
    """Every enumerator-shaped token in text[start:end], in order."""
    end = len(text) if end is None else end
    found = []
    for match in ENUMERATOR.finditer(text, start, end):
        family = match.lastgroup
        token_start = match.start(family)
        if family.endswith("paren"):
            token_start -= 1
        line_start = text.rfind("\n", 0, token_start) + 1
        found.append(
            Enumerator(
                family=family,
                number=enumerator_value(match.group(family)),
                start=token_start,
                body_start=match.end(),
                at_line_start=not text[line_start:token_start].strip("# \t"),
            )
        )
    return found


def enumerator_value(token: str) -> int:
    """'三' → 3, '十二' → 12, '二十' → 20, '7' → 7, '③' → 3."""
    if token.isdigit() and token.isascii():
        return int(token)
    if token in CIRCLED:
        return CIRCLED.index(token) + 1
    return chinese_number(token)


def chinese_number(token: str) -> int:
    """Small Chinese numerals as used by enumerators (1–99)."""
    if "十" not in token:
        return CN_DIGITS.index(token[0]) + 1 if len(token) == 1 else 0
    tens, _, units = token.partition("十")
    value = (CN_DIGITS.index(tens) + 1 if tens else 1) * 10
    return value + (CN_DIGITS.index(units) + 1 if units else 0)
