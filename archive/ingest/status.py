"""Whether a measure reports work done or announces work planned.

`planned` when the item sits under a 下一步/今后 lead-in or section (decided by the segmenter), or
when its own opening sentence states intent: 计划…, 拟…, 下一步…, or a future 将 (`市教体局将继续…`)
— not the 将 that only marks an object (`将心理健康教育纳入…`, which is done).
"""
from __future__ import annotations

import re

from archive.ingest.parsed import ParsedMeasure

SUBJECT = r"(?:[\u4e00-\u9fff]{0,10}?(?:局|委|厅|部|办|政府|中心|我们|我市|我县|我区|各地|各校|学校|部门))?[，,]?"
FUTURE_VERB = (
    r"(?:进一步|继续|持续|加大|加快|加强|积极|着力|全面|不断|深入|逐步|推动|推进|努力|会|于|在|重点|认真|"
    r"充分|结合|以|要|适时|尽快|启动|组织|探索|争取|联合|协调|做好|抓好|按照|围绕|会同|指导|督促|力争)"
)
WHEN = r"(?:\d{4}年(?:\d{1,2}月)?(?:起|底前|内)?|明年|今年|年内|近期)?[，,]?"
# 市教体局计划按照… / 拟于明年… / 下一步，… / 我局将继续… / 2025年计划…
INTENT = re.compile(rf"^{WHEN}{SUBJECT}(?:计划|拟|下一步|今后|接下来|将{FUTURE_VERB})")
# A heading this short is a title; the item's opening sentence is then the first one of its body.
TITLE_LENGTH = 20

PLANNED, DONE = "planned", "done"


def states_intent(opening: str) -> bool:
    """True when an item's opening sentence announces future work."""
    return bool(INTENT.match(opening))


def settle_parents(measures: list[ParsedMeasure]) -> None:
    """A parent is planned only when all its children are planned."""
    for measure in measures:
        if measure.children:
            settle_parents(measure.children)
            all_planned = all(child.status == PLANNED for child in measure.children)
            measure.status = PLANNED if all_planned else DONE


def mark_planned(measures: list[ParsedMeasure]) -> None:
    for measure in measures:
        measure.status = PLANNED
        mark_planned(measure.children)
