"""Stage 4: the measure tree (一、 / （一） / 一是 / 1.) with spans and status.

Levels come from the order in which enumerator families appear: the first family met in the body
is the top level, a new family starting at 1 inside an item gives its children. An item runs until
the next item of the same or a higher level, or until a lead-in or closing paragraph (下一步…,
衷心感谢…, the contact lines), so figures in those paragraphs fall outside every measure.
See docs/extraction.md for the rules with examples.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.ingest.dates import DATE, SQUASHED_DATE
from archive.ingest.enumerators import Enumerator, find_enumerators
from archive.ingest.header import ACKNOWLEDGEMENT, DATE_LINE_REST, ORGANISATION_LINE
from archive.ingest.parsed import ParsedMeasure
from archive.ingest.status import (
    DONE,
    FUTURE_VERB,
    PLANNED,
    TITLE_LENGTH,
    mark_planned,
    settle_parents,
    states_intent,
)

# 下一步，市教体局将… / 衷心感谢您… / 最后，真诚欢迎… — closes the list of measures.
CLOSING = re.compile(r"^(?:下一步|今后|接下来|最后|衷心感谢|再次感谢|非常感谢|感谢|此复|特此|专此|欢迎|敬请|恳请|以上)")
PLANNED_CLOSING = re.compile(r"^(?:下一步|今后|接下来)")
# 在今后的工作中，…着重从以下几个方面…： — an unenumerated paragraph introducing items.
LEAD_IN = re.compile(r"[：:]$")
# 在今后的工作中… / 我们将从以下方面着力： — but not 现将主要工作汇报如下：
PLANNED_WORDS = re.compile(rf"今后|下一步|接下来|计划|拟|未来|将(?:{FUTURE_VERB}|从|重点|着力)")
# Contact, copy and signature lines after the reply.
FOOTER = re.compile(
    r"^[（(]?(?:联系人|联系电话|电话|主办单位|承办单位|协办单位|承办人|经办人|抄送|附件|签发人|"
    r"承办负责人|具体负责人|单位负责人|承办科室负责人|委员意见|代表意见)"
)
# Heading: the text after the enumerator up to the first 。 or ： (or the end of its line).
HEADING_END = re.compile(r"[。：:\n]")
HEADING_TRIM = "；;，,、 \t#"
# Generic section titles: 一、基本情况 / 二、主要措施 / 三、下一步打算 (wrappers, not measures).
PLAN_SECTION = re.compile(r"^(?:下一步|今后|工作计划|工作打算|下步|未来)[\u4e00-\u9fff]{0,8}$")
WORK_SECTION = re.compile(
    r"^(?:主要做法|主要措施|工作措施|采取的?措施|具体措施|主要工作|工作开展情况|开展情况|工作情况|办理情况|"
    r"主要工作及成效|工作进展|落实情况|推进情况)(?:及成效|及成果)?$"
)
BACKGROUND_SECTION = re.compile(r"^(?:基本情况|总体情况|有关情况|现状|存在的?(?:主要)?(?:问题|困难|不足)[\u4e00-\u9fff]{0,6})$")


@dataclass
class Node:
    enumerator: Enumerator
    heading_end: int
    title_only: bool
    planned: bool
    end: int = -1
    has_body: bool = False
    children: list[Node] = field(default_factory=list)


@dataclass
class Paragraph:
    start: int
    end: int
    text: str


@dataclass
class Pending:
    """A closing or lead-in paragraph whose role the next enumerator decides."""

    start: int
    planned: bool
    closing: bool


class TreeBuilder:
    """Reads paragraphs in order and keeps the open path of items (one per level).

    A closing (下一步…。) or lead-in (…如下：) paragraph is held as pending: if the numbering
    then simply continues it was body text of the open item; if the enumeration restarts it was
    a boundary, and items after a planning one are planned; at a footer or the end it closes the list.
    """

    def __init__(self, text: str):
        self.text = text
        self.roots: list[Node] = []
        self.open: list[Node] = []
        self.levels: list[list] = []  # [family, last number] per depth of the open path
        self.planned_mode = False
        self.pending: Pending | None = None
        self.finished = False
        self.intro_list_end: int | None = None  # end of an intro paragraph whose inline items are roots
        self.paragraph_end = 0

    def paragraph(self, para: Paragraph, events: list[Enumerator]) -> None:
        self.paragraph_end = para.end
        first = events[0] if events else None
        starts_item = first is not None and first.at_line_start and first.start == para.start + leading_marks(para.text)
        if not starts_item and not self.finished:
            self.unenumerated(para)
        for event in events:
            if not self.finished:
                self.consider(event)

    def unenumerated(self, para: Paragraph) -> None:
        if not self.roots:
            return
        if is_footer(para.text):
            self.finish(para.start)
            return
        if self.open and self.open[-1].title_only and not self.open[-1].has_body:
            self.open[-1].has_body = True
            return
        lead_in = bool(LEAD_IN.search(para.text))
        if CLOSING.match(para.text) and (self.pending is None or not self.pending.closing):
            planned = bool(PLANNED_CLOSING.match(para.text)) or (lead_in and bool(PLANNED_WORDS.search(para.text)))
            self.pending = Pending(para.start, planned, closing=not lead_in)
        elif self.pending is None and lead_in:
            self.pending = Pending(para.start, bool(PLANNED_WORDS.search(para.text)), closing=False)
        elif self.pending is not None and not self.pending.closing:
            self.pending = None  # prose after a “lead-in”: it was body text after all

    def consider(self, event: Enumerator) -> None:
        depth = next((d for d, (family, _) in enumerate(self.levels) if family == event.family), None)
        continues = depth is not None and event.number == self.levels[depth][1] + 1 and depth <= len(self.open)
        restarts_top = depth == 0 and event.number == 1
        new_family = depth is None and event.number == 1
        pending, self.pending = self.pending, None
        if (new_family or restarts_top) and event.at_line_start and self.restates_an_intro_list(event):
            self.roots, self.open, self.levels, self.intro_list_end = [], [], [], None
            self.add_root(event)
            return
        if pending is not None:
            if pending.closing:
                boundary = restarts_top or new_family
            elif pending.planned:
                boundary = restarts_top or new_family or (continues and depth == 0)
            else:
                boundary = restarts_top
            if boundary:
                self.close_all(pending.start)
                self.planned_mode = self.planned_mode or pending.planned
                self.add_root(event)
                return
            if pending.closing and not continues:
                self.pending = pending  # a stray enumerator-like word inside the closing text
                return
        if continues:
            self.add(event, depth)
        elif new_family and self.open:
            self.add(event, len(self.open))
        elif new_family and not self.roots:
            self.intro_list_end = None if event.at_line_start else self.paragraph_end
            self.add_root(event)

    def restates_an_intro_list(self, event: Enumerator) -> bool:
        """Items met inline in one intro paragraph (您提出了三点建议：一是…；二是…) give way to the
        enumerated paragraphs that follow: those are the reply's measures."""
        return self.intro_list_end is not None and event.start > self.intro_list_end

    def finish(self, end: int) -> None:
        """Close every open item at the pending closing paragraph, else at `end`; ignore the rest."""
        self.close_all(self.pending.start if self.pending else end)
        self.pending = None
        self.finished = True

    def add_root(self, event: Enumerator) -> None:
        self.close_all(item_boundary(self.text, event))
        self.levels = []
        self.add(event, 0)

    def add(self, event: Enumerator, depth: int) -> None:
        self.close_from(depth, item_boundary(self.text, event))
        heading_end, title_only = find_heading_end(self.text, event)
        node = Node(event, heading_end, title_only, planned=self.planned_mode, has_body=not title_only)
        (self.open[depth - 1].children if depth else self.roots).append(node)
        self.open.append(node)
        self.levels = self.levels[:depth] + [[event.family, event.number]]

    def close_from(self, depth: int, end: int) -> None:
        for node in self.open[depth:]:
            node.end = end
        del self.open[depth:]

    def close_all(self, end: int) -> None:
        self.close_from(0, end)
        if self.levels:
            self.levels = self.levels[:1]


def split_measures(text: str) -> list[ParsedMeasure]:
    """The measure tree of a normalised reply; spans index into `text`."""
    paragraphs = body_paragraphs(text)
    if not paragraphs:
        return []
    events = find_enumerators(text, paragraphs[0].start)
    builder = TreeBuilder(text)
    i = 0
    for para in paragraphs:
        inside = []
        while i < len(events) and events[i].start < para.end:
            if events[i].start >= para.start:
                inside.append(events[i])
            i += 1
        builder.paragraph(para, inside)
    builder.finish(paragraphs[-1].end)
    measures = [to_measure(text, node) for node in builder.roots]
    measures = unwrap_sections(measures)
    settle_parents(measures)
    number(measures, "")
    return measures


def body_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs after the acknowledgement (您提出的…收悉…答复如下：), or all of them."""
    paragraphs, offset = [], 0
    for line in text.split("\n"):
        paragraphs.append(Paragraph(offset, offset + len(line), line))
        offset += len(line) + 1
    for i, para in enumerate(paragraphs[:40]):
        if ACKNOWLEDGEMENT.search(para.text):
            return [p for p in paragraphs[i + 1:] if p.text]
    return [p for p in paragraphs if p.text]


def item_boundary(text: str, event: Enumerator) -> int:
    """Where the previous item ends: the start of the line (with its #) for an item opening a line."""
    return text.rfind("\n", 0, event.start) + 1 if event.at_line_start else event.start


def leading_marks(line: str) -> int:
    return len(line) - len(line.lstrip("# \t"))


def is_footer(line: str) -> bool:
    if FOOTER.match(line) or SQUASHED_DATE.match(line):
        return True
    if len(line) <= 40:
        date = DATE.search(line)
        if date and DATE_LINE_REST.match((line[: date.start()] + line[date.end():]).strip(" ：:")):
            return True
        return bool(ORGANISATION_LINE.match(line))
    return False


def find_heading_end(text: str, event: Enumerator) -> tuple[int, bool]:
    """Where the heading after the enumerator ends, and whether the item is a title alone on its line."""
    line_end = text.find("\n", event.body_start)
    line_end = len(text) if line_end < 0 else line_end
    stop = HEADING_END.search(text, event.body_start, line_end)
    return (stop.start() if stop else line_end), event.at_line_start and stop is None


def to_measure(text: str, node: Node) -> ParsedMeasure:
    start = node.enumerator.start
    end = node.end
    while end > start and text[end - 1].isspace():
        end -= 1
    children = [to_measure(text, child) for child in node.children]
    for child in children:  # a child's span never passes its parent's
        child.end = min(child.end, end)
    # an inline item's heading stops where the next item starts (一是…；二是…)
    heading_end = min(node.heading_end, end)
    heading = re.sub(r"\s+", "", text[node.enumerator.body_start:heading_end]).strip(HEADING_TRIM)
    opening = opening_sentence(text, node, heading_end, end) if len(heading) <= TITLE_LENGTH else ""
    planned = node.planned or states_intent(heading) or states_intent(opening)
    return ParsedMeasure(
        heading=heading,
        text=text[start:end],
        start=start,
        end=end,
        status=PLANNED if planned else DONE,
        children=children,
    )


def opening_sentence(text: str, node: Node, heading_end: int, end: int) -> str:
    """The first sentence after a title-like heading (that is where a title's intent is stated)."""
    body = text[heading_end:end].lstrip("。：:\n \t")
    return re.split(r"[。；;\n]", body, maxsplit=1)[0]


def unwrap_sections(measures: list[ParsedMeasure]) -> list[ParsedMeasure]:
    """Replace generic section wrappers (基本情况 / 主要措施 / 下一步打算) by their items."""
    result: list[ParsedMeasure] = []
    for measure in measures:
        plan = PLAN_SECTION.match(measure.heading)
        work = WORK_SECTION.match(measure.heading)
        background = BACKGROUND_SECTION.match(measure.heading)
        if not (plan or work or background):
            result.append(measure)
            continue
        items = measure.children or ([] if background else [measure])
        if plan:
            mark_planned(items)
        result.extend(items)
    return result


def number(measures: list[ParsedMeasure], prefix: str) -> None:
    for position, measure in enumerate(measures, start=1):
        measure.path = f"{prefix}{position}"
        number(measure.children, measure.path + ".")
