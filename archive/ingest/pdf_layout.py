"""Paragraphs of a PDF rebuilt from where its lines sit on the page.

A PDF has no paragraphs, only lines; pdfminer's own grouping fails on official documents (公文
set 16 pt text on 28 pt leading, so every line becomes its own block). The page geometry
knows better than any guess from the text: a line that runs to the right edge of the text block
continues on the next line, unless that line is indented (a new paragraph), starts with an
enumerator (`二、`), or the first line was centred or right-aligned (a title, a signature).
Page numbers (`— 3 —`) are dropped so a paragraph continues across the page break.
"""
from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from archive.ingest.enumerators import LINE_ENUMERATOR

# — 3 —   - 12 -   第3页 共5页   3/5
PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\s*\d+\s*页\s*[,，/]?\s*(?:共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
# Lines that open a paragraph however the previous line ended: 联系人：… 2024年6月20日
PARAGRAPH_OPENER = re.compile(r"^(?:[（(]?(?:联系人|联系电话|电话|签发人|抄送|附件|主办单位|承办单位)|\d{4}\s*年)")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float  # median glyph width: the unit for "near the edge" and "indented"


def pdf_paragraphs(data: bytes) -> list[str]:
    """The PDF's text as paragraphs, in reading order (top to bottom, page after page)."""
    lines = [line for page in read_pages(data) for line in without_page_number(page)]
    if not lines:
        return []
    left = left_margin(lines)
    right = max(line.x1 for line in lines)
    paragraphs: list[str] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and continues(previous, line, left, right):
            paragraphs[-1] += glue(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs


def without_page_number(page: list[Line]) -> list[Line]:
    """The page's lines minus a page number at its head or foot (a lone `8` mid-page is text)."""
    if page and PAGE_NUMBER.match(page[-1].text):
        page = page[:-1]
    if page and PAGE_NUMBER.match(page[0].text):
        page = page[1:]
    return page


def left_margin(lines: list[Line]) -> float:
    """The leftmost x where at least two lines start (one stray line does not move the margin)."""
    starts = Counter(round(line.x0) for line in lines)
    repeated = [x for x, n in starts.items() if n >= 2]
    return min(repeated or starts)


def continues(previous: Line, line: Line, left: float, right: float) -> bool:
    unit = max(previous.size, 1.0)
    return (
        previous.x1 >= right - 1.5 * unit  # ran to the right edge
        and previous.x0 <= left + 2.5 * unit  # a body line, not centred or right-aligned
        and line.x0 <= left + 0.5 * unit  # the next line is not indented
        and not LINE_ENUMERATOR.match(line.text)
        and not PARAGRAPH_OPENER.match(line.text)
    )


def glue(before: str, after: str) -> str:
    """Chinese lines join with nothing between; two Latin words keep a space."""
    if before[-1:].isascii() and before[-1:].isalpha() and after[:1].isascii() and after[:1].isalpha():
        return " " + after
    return after


def read_pages(data: bytes) -> list[list[Line]]:
    """Text lines of each page, top to bottom; pieces on one baseline merged into one line."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

    pages = []
    for page in extract_pages(io.BytesIO(data)):
        pieces: list[Line] = []
        for box in page:
            if not isinstance(box, LTTextContainer):
                continue
            for text_line in box:
                if not isinstance(text_line, LTTextLine):
                    continue
                text = text_line.get_text().strip()
                if not text:
                    continue
                widths = [ch.width for ch in text_line if isinstance(ch, LTChar) and not ch.get_text().isspace()]
                size = statistics.median(widths) if widths else 10.0
                pieces.append(Line(text, text_line.x0, text_line.x1, page.height - text_line.y1, size))
        pages.append(merge_baselines(pieces))
    return pages


def merge_baselines(pieces: list[Line]) -> list[Line]:
    """Sort top to bottom; pieces whose tops differ by under half a glyph are one line."""
    lines: list[Line] = []
    for piece in sorted(pieces, key=lambda p: (round(p.top), p.x0)):
        same = lines[-1] if lines and abs(lines[-1].top - piece.top) < 0.5 * piece.size else None
        if same is not None and piece.x0 >= same.x1 - 1:
            same.text += " " + piece.text
            same.x1 = piece.x1
        else:
            lines.append(piece)
    return lines
