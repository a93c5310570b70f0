"""The units a metric may carry, and how to bring a value to a comparable base unit.

One table for the whole project: the extractor (metrics.py) only accepts a quantity whose
unit is listed here, and the metrics explorer compares values by `base_unit`, so
`260 万人` (2600000 人) and `95 名` (95 人) line up.

Years, months, days of the month and 号 are deliberately absent: `2024 年`, `5 月`, `2 日`,
`87 号` are dates and document numbers, never metrics. Durations use 个月 / 天 / 小时.
"""
from __future__ import annotations

import re
from decimal import Decimal

# Counting words and measures. Order does not matter: the regex built from this list
# tries longer words first (人次 before 人, 个百分点 before 个).
UNITS: tuple[str, ...] = (
    # people and visits
    "人次", "人", "名", "位", "户次", "户", "家次", "家", "例", "人份",
    # events and sessions
    "场次", "场", "次", "期", "批次", "批", "轮", "届次",
    # teaching
    "课时", "学时", "节", "堂", "课", "门",
    # bodies, places, things
    "所", "个", "部门", "支", "队", "组", "间", "座", "处", "栋", "层", "台", "辆", "张",
    "套", "件", "项", "条", "类", "种", "篇", "部", "册", "本", "份", "首", "幅", "枚",
    "剂次", "剂", "床",
    # time spans (not dates)
    "小时", "分钟", "天", "周", "个月", "周岁", "岁",
    # money and ratios
    "元", "%", "‰", "个百分点", "倍",
    # physical measures
    "平方米", "平米", "公里", "千米", "米", "公顷", "亩", "吨", "公斤", "千克",
)

# A unit followed by one of these characters is the first half of another word:
# 人民, 家长, 所以, 场地, 元旦, 周年 (an anniversary is a date, not a duration), 部分 ...
NOT_A_UNIT_BEFORE: dict[str, str] = {
    "人": "民工格",
    "家": "长庭乡属族园",
    "所": "以有属在谓得需",
    "场": "所地馆景合域面",
    "次": "日年数",
    "期": "间限末中望待刊",
    "元": "旦素宵",
    "周": "年末边期",
    "天": "然津地气下空使",
    "部": "分署长",
    "位": "于置",
    "处": "理置于",
    "组": "织建成长",
    "门": "诊户槛口",
    "间": "隔",
    "批": "准复示评",
    "本": "地市人科单次年着校区县",
    "条": "件例款",
    "类": "似",
    "种": "植子",
    "层": "面级次",
    "课": "程题堂",
    "节": "日约点假",
    "例": "如",
    "名": "称单义字录额校牌",
    "个": "性",
    "户": "外籍口",
    "台": "湾阶风",
    "张": "贴",
}

# Multipliers written between the number and the unit: 260 万人, 1.5 亿元.
MULTIPLIERS: dict[str, int] = {"万亿": 10**12, "亿": 10**8, "万": 10**4}
MULTIPLIERS_LONGEST_FIRST = sorted(MULTIPLIERS.items(), key=lambda item: -len(item[0]))

# Different words for the same thing, folded for comparison only (the unit as written is kept).
SAME_AS: dict[str, str] = {
    "名": "人",
    "位": "人",
    "场次": "场",
    "平米": "平方米",
    "千米": "公里",
    "公斤": "千克",
    "学时": "课时",
}


def base_quantity(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """(normalized_value, base_unit) of a value in a written unit: (260, '万人') -> (2600000, '人').

    A bare multiplier (`投入 1200 万`) keeps an empty base unit: the count is known, the
    thing counted is not.
    """
    factor = 1
    for prefix, multiplier in MULTIPLIERS_LONGEST_FIRST:
        if unit.startswith(prefix):
            factor = multiplier
            unit = unit[len(prefix):]
            break
    return value * factor, SAME_AS.get(unit, unit)


def unit_pattern() -> str:
    """The units as one regex, grouped by first character so the engine tests one class
    instead of seventy alternatives; longer words first, so 人次 wins over 人."""
    by_first: dict[str, list[str]] = {}
    for unit in UNITS:
        by_first.setdefault(unit[0], []).append(unit[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        rests = sorted(rests, key=len, reverse=True)
        tail = "|".join(re.escape(r) for r in rests)
        branches.append(re.escape(first) + (f"(?:{tail})" if rests != [""] else ""))
    first_chars = "".join(re.escape(c) for c in sorted(by_first))
    return f"(?=[{first_chars}])(?:{'|'.join(branches)})"
