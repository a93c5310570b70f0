"""Word's automatic list numbers, written back into the paragraph text.

A reply typed in Word often numbers its measures with a list style (一、 / （一） / 1.), and
then the enumerator is not in the paragraph's text at all — python-docx returns `加强组织领导。…`
and the segmenter would see no measures. ListNumbering replays Word's counters from
numbering.xml: per list instance (numId), per level, restarting deeper levels when a higher
level advances, formatted by the level's numFmt and lvlText (`%1、`, `（%1）`, `%1.%2`).
"""
from __future__ import annotations

from docx.oxml.ns import qn

CHINESE_DIGITS = "零一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
         (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (CHINESE_DIGITS[units] if units else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return CHINESE_DIGITS[hundreds] + "百"
    middle = "零" if rest < 10 else ""
    tail = chinese_number(rest) if rest >= 20 or rest < 10 else "一" + chinese_number(rest)
    return CHINESE_DIGITS[hundreds] + "百" + middle + tail


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "ideographDigital", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return CIRCLED[n - 1] if n <= len(CIRCLED) else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "upperRoman":
        return roman(n)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)  # decimal, decimalFullWidth and anything exotic


class ListNumbering:
    """Replays the numbers Word would show in front of each numbered paragraph, in order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId → ilvl → (start, fmt, text)
        self.counters: dict[str, dict[int, int]] = {}
        self.styles = document.styles
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {
            a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))
        }
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None or ref.get(qn("w:val")) not in abstract:
                continue
            levels = {}
            for lvl in abstract[ref.get(qn("w:val"))].findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    int(child_val(lvl, "w:start") or 1),
                    child_val(lvl, "w:numFmt") or "decimal",
                    child_val(lvl, "w:lvlText") or "",
                )
            for override in num.findall(qn("w:lvlOverride")):
                start = child_val(override, "w:startOverride")
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                if start and ilvl in levels:
                    levels[ilvl] = (int(start), *levels[ilvl][1:])
            self.levels[num.get(qn("w:numId"))] = levels

    def label(self, paragraph) -> str:
        """The list number Word shows before this paragraph (`一、`, `（二）`), or ''."""
        found = self.num_properties(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        text = levels[ilvl][2]
        for level, (start, fmt, _) in levels.items():
            placeholder = f"%{level + 1}"
            if placeholder in text:
                text = text.replace(placeholder, format_number(counters.get(level, start), fmt))
        return text

    def num_properties(self, paragraph) -> tuple[str, int] | None:
        """(numId, ilvl) set on the paragraph, or inherited from its style chain."""
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        style = paragraph.style
        while num_pr is None and style is not None:
            style_ppr = style.element.pPr
            num_pr = style_ppr.numPr if style_ppr is not None else None
            style = style.base_style
        if num_pr is None or num_pr.numId is None:
            return None
        num_id = str(num_pr.numId.val)
        if num_id == "0":  # numbering switched off for this paragraph
            return None
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return num_id, int(ilvl)


def child_val(element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))
