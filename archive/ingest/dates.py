"""Dates as replies write them: 2024年6月20日, 二〇二四年六月二十日, 2024-06-20, and 2025610."""
from __future__ import annotations

import datetime
import re

CN_YEAR_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")

# 2024年6月20日 / 二〇二四年六月二十日 / 2024.6.20 / 2024-06-20 / 2024/6/20
DATE = re.compile(
    r"(?P<year>\d{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*(?:年|[-./])\s*"
    r"(?P<month>\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:月|[-./])\s*"
    r"(?P<day>\d{1,2}|[一二三四五六七八九十]{1,3})(?:\s*日|号)?(?!\d)"
)
# A signature date that lost its characters: 2025610 → 2025-06-10, 20250610.
SQUASHED_DATE = re.compile(r"^(?P<digits>20\d{5,6})$")


def parse_date(text: str) -> datetime.date | None:
    """The first date in text, or None. Impossible dates (2月30日) give None."""
    match = DATE.search(text)
    if match:
        return make_date(match.group("year"), match.group("month"), match.group("day"))
    match = SQUASHED_DATE.match(text.strip())
    return squashed_date(match.group("digits")) if match else None


def make_date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year.translate(CN_YEAR_DIGITS)), small_number(month), small_number(day))
    except ValueError:
        return None


def small_number(token: str) -> int:
    if token.isdigit():
        return int(token)
    import cn2an  # imported on first use: it costs ~0.1 s and most dates are in digits

    return int(cn2an.cn2an(token, "normal"))


def squashed_date(digits: str) -> datetime.date | None:
    """'2025610' → 2025-06-10. With seven digits the month takes one digit unless that fails."""
    year, rest = digits[:4], digits[4:]
    splits = [(rest[:2], rest[2:])] if len(rest) == 4 else [(rest[:1], rest[1:]), (rest[:2], rest[2:])]
    for month, day in splits:
        date = make_date(year, month, day)
        if date:
            return date
    return None
