"""Stage 5: quantities (5000 余人次, 约 260 万人, 近千所) with qualifier and label.

A metric is a number written in Arabic digits followed by a unit from archive/ingest/units.py,
or one of the approximate Chinese forms (近千名, 百余场, 数百例, 突破百万次). Everything else
that looks numeric is left alone on purpose: dates and years (their units are not in the
table), ordinals (第 3), phone and hotline numbers (no unit), numbers glued to other tokens
(1+9+N, xinli0376@163.com), names in quotes or titles (“1对1”, 《心理健康素养10条》),
activity names in a list (…、21天春季幸福日记、…) and the copy counts of the 抄送 line.
The rules are documented in docs/extraction.md, "Metrics".
"""
from __future__ import annotations

import bisect
import re
from decimal import Decimal

from archive.ingest.parsed import ParsedMeasure, ParsedMetric
from archive.ingest.units import NOT_A_UNIT_BEFORE, base_quantity, unit_pattern

UNITS = unit_pattern()
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"

# 42538 · 1.5 · 12,091 (a thousands separator, possibly a full-width comma after NFKC)
NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"

# 5000 余人次 · 约 260 万人 · 1.5亿元 · 1-2 名 · 40 多万人次 · 20万余份 · 1次以上 · 80%-90%
ARABIC_QUANTITY = re.compile(
    rf"""
    (?=[0-9])                                # lets the engine skip to the next digit fast
    (?P<value>{NUMBER})
    (?:\s{{0,3}}%?\s{{0,3}}(?:--?|[–—~]{{1,2}}|至|到)\s{{0,3}}(?P<value_max>{NUMBER}))?
    \s{{0,6}}
    (?P<about>[余多])?
    (?P<mult>万亿|亿|万)?
    (?P<about2>[余多])?
    (?(mult)|(?=\s{{0,6}}(?:{UNITS})))      # a unit or a multiplier must follow
    \s{{0,6}}
    (?P<unit>{UNITS})?
    (?P<suffix>以上|以下|以内|左右)?
    """,
    re.VERBOSE,
)

# A longer run of digits before a unit is an identifier, not a count (and would not fit
# the database columns).
MAX_VALUE = Decimal(10) ** 12
MAX_NORMALIZED = Decimal(10) ** 18

# Both quantity patterns start at a digit, so the engine skips ahead fast; what stands
# before the number (a glued token, an approximate prefix) is checked in Python.
# A character before a number that makes it the tail of another token: 2.5, 1+9, a@163.
GLUED_BEFORE = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.+-@/#:%")

# The second half of a range that repeats the unit: (3名)-5名, (3 名)至 5 名
RANGE_TAIL = re.compile(
    rf"\s{{0,3}}(?:--?|[–—~]{{1,2}}|至|到)\s{{0,3}}(?P<value>{NUMBER})\s{{0,3}}(?P<unit>(?:万|亿)?(?:{UNITS}))"
)
# The title of a list of rules, not a count: 心理健康素养10条, 安全守则5条.
NAMED_LIST_BEFORE = re.compile(r"(?:素养|准则|守则|禁令|须知|要点)$")
LIST_UNITS = {"条", "项"}

# 近千所 · 千余人 · 上千名 · 数百例 · 超百场 · 突破百万次 · 十余万人 · 三十多名
CHINESE_QUANTITY = re.compile(
    rf"""
    (?=[{CN_DIGITS}])
    (?P<numeral>[{CN_DIGITS}]+)
    (?P<about>[余多几])?
    (?P<mult>万亿|亿|万)?
    \s{{0,3}}
    (?P<unit>{UNITS})
    (?P<suffix>以上|以下|以内|左右)?
    """,
    re.VERBOSE,
)

# Names and titles whose digits are not quantities: “1+6”机制, 《心理健康素养10条》, 「1对1」.
# A long quotation is a cited requirement (“每校至少配备1名专职心理教师”), whose figures count.
NAME_SPAN = re.compile(r"“[^“”。\n]{1,12}”|《[^《》\n]{1,80}》|〈[^〈〉\n]{1,80}〉|「[^「」\n]{1,12}」|‘[^‘’\n]{1,12}’")
# 抄送：市政协提案委（2份），市政府督查室（1份）。
COPY_LINE = re.compile(r"^[ \t\u3000]*(?:抄送|抄报|分送)[^\n]*", re.MULTILINE)
# An activity name inside a list, right after the number: (、)21天|春季幸福日记、
LIST_NAME_TAIL = re.compile(r"[\u4e00-\u9fff]{1,12}(?=[、等])")
LIST_VERBS = re.compile(r"[了有获达]|取得|参加|参与|完成|开展|建成|成为")
# Numbers that identify rather than count: 第 3, 电话 6225005, 热线号码6800188, QQ 2407…
IDENTIFIER_BEFORE = re.compile(r"(?:第|电话|热线|号码|传真|手机|邮编|编号|代码|QQ|qq|微信)[:：\s]*$")
# 至少要配备 1名 · 至少开展1次: the bound may stand a few characters before the number.
AT_LEAST_BEFORE = re.compile(r"(?:至少|不少于|不低于|不得少于|不得低于|最少|不小于)(?:\s*[^\s0-9，。；：,;:、！？!?]){0,4}\s*$")

# The approximate Chinese prefixes: 近千, 上千, 数百, 超百, 突破百万.
GLUED_CN = set(CN_DIGITS + "0123456789")
CHINESE_PREFIX = re.compile(r"(?:将近|接近|近|大约|约|超过|超|逾|突破|上|数|几)$")
# Written prefix -> stored qualifier (None: 共/累计/覆盖 only say "in total"). Longest first.
PREFIX_QUALIFIERS: tuple[tuple[str, str | None], ...] = (
    ("不得少于", "不少于"), ("不得低于", "不少于"), ("不少于", "不少于"), ("不低于", "不少于"),
    ("不小于", "不少于"), ("至少", "不少于"), ("最少", "不少于"),
    ("超过", "超过"), ("突破", "超过"), ("多于", "超过"), ("高于", "超过"), ("逾", "超过"), ("超", "超过"),
    ("将近", "近"), ("接近", "近"), ("近", "近"), ("大约", "约"), ("约", "约"),
    ("高达", "达"), ("多达", "达"), ("达到", "达"), ("达", "达"),
    ("共计", None), ("累计", None), ("合计", None), ("总计", None), ("共", None), ("覆盖", None),
)
PREFIX_QUALIFIER = dict(PREFIX_QUALIFIERS)
# 约 260 万人 · 达8700余人 · 约有 200 人
PREFIX_QUALIFIER_RE = re.compile(
    "(" + "|".join(word for word, _ in PREFIX_QUALIFIERS) + r")[有为]?\s*$"
)
# A one-character qualifier that is really the end of another word: 下达, 最近, 签约, 高超.
NOT_QUALIFIER_AFTER = {"达": "下表到传送抵发直通转", "近": "最附邻靠亲", "约": "签预制邀节公条契", "超": "高"}
# The approximate Chinese prefixes are words of their own only after these: 线上/以上, 人数/总数.
NOT_PREFIX_AFTER = {"上": "线以之马成千网会晚早身加向往北面路楼台班堂墙", "数": "人次总半多少无指分基倍岁户位个场校参系函级算礼招", "几": "这那好"}
CHINESE_PREFIX_QUALIFIER = {"上": "以上", "数": "以上", "几": "以上"}
SUFFIX_QUALIFIERS = {"以上": "以上", "左右": "约", "以下": None, "以内": None}

TOTAL_WORDS = {word for word, qualifier in PREFIX_QUALIFIERS if qualifier is None}
# The clause around a metric, for its label: up to the nearest ，。；：、 or quote/bracket.
CLAUSE_TAIL = re.compile(r"[^，。；：,;:、！？!?“”《》()（）【】\n]*$")
CLAUSE_HEAD = re.compile(r"[^，。；：,;:、！？!?“”《》()（）【】\n]*")
LABEL_QUALIFIER = re.compile("(?:" + "|".join(word for word, _ in PREFIX_QUALIFIERS) + ")$")
LABEL_VERBS = re.compile(
    r"^.*(?:开展|进行|举办|举行|组织|培养|配备|录制|召开|设立|开设|推出|完成|提供|参加|按照|根据)"
)
# Words and enumerators that open a clause without naming anything: 2023年共, 4.拟将, 其中
LABEL_LEAD = re.compile(
    r"^(?:其中|并|已|共|累计|全年|目前|先后|共计|总计|合计|[0-9]{4}年(?:以来)?|[0-9]{1,2}[.、]|[一二三四五六七八九十]+[、是])+"
)
LABEL_TAIL_STOP = re.compile(r"[已先均的了，。；,;、0-9]")


def find_metrics(text: str) -> list[ParsedMetric]:
    """All metrics of a normalised reply in document order, with spans into `text`."""
    excluded = _merged([m.span() for m in NAME_SPAN.finditer(text)]
                       + [m.span() for m in COPY_LINE.finditer(text)])
    found = []
    covered = 0
    for match in ARABIC_QUANTITY.finditer(text):
        metric = _arabic_metric(text, match) if match.start() >= covered else None
        if metric and not _inside(metric.start, excluded):
            _extend_range(text, metric)
            covered = metric.end
            found.append(metric)
    for match in CHINESE_QUANTITY.finditer(text):
        metric = _chinese_metric(text, match)
        if metric and not _inside(metric.start, excluded):
            found.append(metric)
    for metric in found:
        metric.normalized_value, metric.base_unit = base_quantity(metric.value, metric.unit)
    found = sorted((m for m in found if _plausible(m)), key=lambda m: m.start)
    previous = None
    for metric in found:
        metric.label = _label(text, metric.start, metric.end, previous.end if previous else 0)
        if previous and metric.label in TOTAL_WORDS and "。" not in text[previous.end:metric.start]:
            # 宣传 349 次，覆盖 477883 人次: the second figure counts the same activity's reach.
            metric.label = previous.label + metric.label
        previous = metric
    return found


def _arabic_metric(text: str, match: re.Match) -> ParsedMetric | None:
    mult, unit = match["mult"] or "", match["unit"] or ""
    if not unit and not mult:
        return None
    if unit and not _unit_stands_alone(text, match.end("unit"), unit):
        if not mult:
            return None
        unit = ""
    start = match.start()
    if start and text[start - 1] in GLUED_BEFORE:
        return None
    before = text[max(0, start - 12):start]
    if IDENTIFIER_BEFORE.search(before):
        return None
    end = match.end("suffix") if match["suffix"] else match.end("unit") if unit else match.end("mult")
    # 1人1档 and 1校1策 are pattern names: a quantity glued to the next number.
    if (_is_list_name(text, before, end) or text[end:end + 1].isdigit()
            or (unit in LIST_UNITS and NAMED_LIST_BEFORE.search(before))):
        return None
    suffix = match["suffix"] or ("余" if match["about"] or match["about2"] else None)
    return ParsedMetric(
        value=_decimal(match["value"]),
        value_max=_decimal(match["value_max"]) if match["value_max"] else None,
        unit=mult + unit,
        start=start,
        end=end,
        qualifier=_qualifier(before, suffix),
    )


def _plausible(metric: ParsedMetric) -> bool:
    return metric.value < MAX_VALUE and metric.normalized_value < MAX_NORMALIZED


def _extend_range(text: str, metric: ParsedMetric) -> None:
    """3名-5名, 3 名至 5 名: the unit written on both ends makes one range."""
    tail = RANGE_TAIL.match(text, metric.end)
    if metric.value_max is None and tail and tail["unit"] == metric.unit:
        metric.value_max = _decimal(tail["value"])
        metric.end = tail.end()


def _chinese_metric(text: str, match: re.Match) -> ParsedMetric | None:
    unit = match["unit"]
    if not _unit_stands_alone(text, match.end("unit"), unit):
        return None
    value = chinese_number(match["numeral"])
    if value is None or value < 10:
        return None
    start = match.start()
    if start and text[start - 1] in GLUED_CN:
        return None  # the tail of a longer numeral: 十余所 inside 三十余所
    pre_match = CHINESE_PREFIX.search(text, max(0, start - 2), start)
    pre = pre_match.group() if pre_match else None
    if pre and not (pre_match.start() and text[pre_match.start() - 1] in NOT_PREFIX_AFTER.get(pre, "")):
        start = pre_match.start()
    else:
        pre = None
    suffix = match["suffix"] or ("余" if match["about"] else None)
    if not pre and not suffix and not match["about"]:
        return None
    if suffix or match["about"]:
        qualifier = SUFFIX_QUALIFIERS.get(suffix, suffix)
    elif pre in CHINESE_PREFIX_QUALIFIER:
        qualifier = CHINESE_PREFIX_QUALIFIER[pre]
    else:
        qualifier = PREFIX_QUALIFIER[pre]
    return ParsedMetric(
        value=Decimal(value),
        unit=(match["mult"] or "") + unit,
        start=start,
        end=match.end(),
        qualifier=qualifier,
    )


def _qualifier(before: str, suffix: str | None) -> str | None:
    """余/以上/左右 after the number win; else a prefix word (约, 近, 达, 至少 …) decides."""
    if suffix:
        return SUFFIX_QUALIFIERS.get(suffix, suffix)
    head = before.rstrip()
    prefix = PREFIX_QUALIFIER_RE.search(head)
    if prefix:
        word, at = prefix.group(1), prefix.start()
        if not (at and head[at - 1] in NOT_QUALIFIER_AFTER.get(word, "")):
            return PREFIX_QUALIFIER[word]
    if AT_LEAST_BEFORE.search(head):
        return "不少于"
    return None


def _unit_stands_alone(text: str, unit_end: int, unit: str) -> bool:
    """False when the unit is the first half of another word (人民, 家长, 所以, 元旦)."""
    following = text[unit_end:unit_end + 1]
    return not following or following not in NOT_A_UNIT_BEFORE.get(unit, "")


def _is_list_name(text: str, before: str, end: int) -> bool:
    """True for an activity name listed with 、: 考前减压拓展、21天春季幸福日记、…"""
    if not before.rstrip().endswith("、"):
        return False
    tail = LIST_NAME_TAIL.match(text, end)
    return bool(tail) and not LIST_VERBS.search(tail.group())


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlaps joined, for _inside's binary search."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether position falls in one of the sorted, non-overlapping spans."""
    i = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= position < spans[i][1]


def _decimal(written: str) -> Decimal:
    return Decimal(written.replace(",", ""))


def chinese_number(numeral: str) -> int | None:
    """Value of a Chinese numeral: 千 -> 1000, 三十 -> 30, 十万 -> 100000, 两千五百 -> 2500."""
    digits = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    small = {"十": 10, "百": 100, "千": 1000}
    big = {"万": 10**4, "亿": 10**8}
    total = section = number = 0
    for char in numeral:
        if char in digits:
            number = digits[char]
        elif char in small:
            section += (number or 1) * small[char]
            number = 0
        elif char == "万":
            total += (section + number or 1) * big[char]
            section = number = 0
        elif char in big:
            total = (total + section + number or 1) * big[char]
            section = number = 0
        else:
            return None
    return total + section + number


def _label(text: str, start: int, end: int, floor: int = 0) -> str:
    """What is counted: the noun phrase before the number (个体辅导), else the one after it.

    `floor` is the end of the previous metric, so 13所中小学校先后组织4500余名 labels
    4500 without the 13所 before it.
    """
    clause = CLAUSE_TAIL.search(text, max(floor, start - 24), start)
    before = "".join(clause.group().split())
    dropped = ""
    qualifier = LABEL_QUALIFIER.search(before)
    if qualifier:
        before, dropped = before[: qualifier.start()], qualifier.group()
    after_verb = LABEL_VERBS.sub("", before).lstrip("了")
    ends_in_verb = after_verb != before and not after_verb or before.endswith(("有", "了", "为"))
    before = LABEL_LEAD.sub("", after_verb if len(after_verb) >= 2 else before)
    if len(before) >= 2 and not ends_in_verb:
        if len(before) > 20 and "的" in before:
            before = before.rpartition("的")[2] or before
        return before[-20:]
    after = "".join(CLAUSE_HEAD.match(text, end, end + 16).group().split()).lstrip("的")
    stop = LABEL_TAIL_STOP.search(after)
    after = after[: stop.start()] if stop and stop.start() >= 2 else after
    return (after if len(after) >= 2 else "") or before or dropped


def assign_measures(metrics: list[ParsedMetric], measures: list[ParsedMeasure]) -> None:
    """Set each metric's measure_path to the deepest measure whose span contains it."""
    for metric in metrics:
        metric.measure_path = None
        level = measures
        while level:
            inside = [m for m in level if m.start <= metric.start < m.end]
            if not inside:
                break
            metric.measure_path = inside[0].path
            level = inside[0].children
