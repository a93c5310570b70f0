"""The original text of a reply as HTML with an anchor on every sentence, measure and metric.

Metrics and measures store character offsets into `Reply.text`. The reply page cuts the
text into sentences (flat, so anchors never nest badly), wraps each metric's span in a
<mark>, and drops an empty anchor where each measure starts. A link to `#metric-<id>` or
`#measure-<id>` then lands inside one sentence, which the page highlights. Everything
is escaped here; the result is the only HTML of user text the templates mark safe.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# A sentence ends at 。！？； (with closing quotes and line breaks) or a line break:
# "……开展团体辅导521场次。\n" | "二、聚焦重点\n"
SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)]*\n*|\n+")


@dataclass
class Anchor:
    """A span of the text to mark; an empty span (start == end) is a bare anchor."""

    start: int
    end: int
    element_id: str
    css: str


def sentence_bounds(text: str) -> list[int]:
    """Start offsets of the sentences of `text` (always begins with 0)."""
    starts = [0]
    for match in SENTENCE_END.finditer(text):
        if match.end() < len(text):
            starts.append(match.end())
    return starts


def sentence_of(starts: list[int], offset: int) -> int:
    """Index of the sentence containing `offset`."""
    return max(0, bisect_right(starts, offset) - 1)


def annotate(text: str, anchors: list[Anchor]) -> SafeString:
    """HTML of `text`: <span class="sentence" id="s-N"> per sentence, anchors inside."""
    starts = sentence_bounds(text)
    by_sentence: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        start = min(max(anchor.start, 0), len(text))
        end = min(max(anchor.end, start), len(text))
        index = sentence_of(starts, start)
        sentence_end = starts[index + 1] if index + 1 < len(starts) else len(text)
        by_sentence.setdefault(index, []).append(Anchor(start, min(end, sentence_end), anchor.element_id, anchor.css))
    parts: list[str] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        body = _mark_sentence(text, start, end, by_sentence.get(index, []))
        parts.append(format_html('<span class="sentence" id="s-{}">{}</span>', index, body))
    return mark_safe("".join(parts))


def _mark_sentence(text: str, start: int, end: int, anchors: list[Anchor]) -> SafeString:
    """One sentence with its anchors; a span overlapping an earlier one becomes a bare anchor."""
    out: list[str] = []
    cursor = start
    for anchor in sorted(anchors, key=lambda a: (a.start, a.end)):
        if anchor.start < cursor:
            out.append(bare_anchor(anchor))
            continue
        out.append(escape(text[cursor:anchor.start]))
        if anchor.end > anchor.start:
            out.append(
                format_html(
                    '<mark id="{}" class="{}">{}</mark>',
                    anchor.element_id, anchor.css, text[anchor.start:anchor.end],
                )
            )
        else:
            out.append(bare_anchor(anchor))
        cursor = anchor.end
    out.append(escape(text[cursor:end]))
    return mark_safe("".join(out))


def bare_anchor(anchor: Anchor) -> SafeString:
    return format_html('<span id="{}" class="{}"></span>', anchor.element_id, anchor.css)


def query_anchors(text: str, query: str, limit: int = 200) -> list[Anchor]:
    """The query's terms in the text (found as the search found them: folded), as q-0, q-1, …"""
    from archive.search.highlight import combined_pattern
    from archive.search.query import parse_query
    from archive.search.tokenize import fold

    pattern = combined_pattern(parse_query(query).highlight_terms) if query.strip() else None
    if pattern is None:
        return []
    matches = (m for m in pattern.finditer(fold(text)) if m.end() > m.start())
    return [Anchor(m.start(), m.end(), f"q-{i}", "query-term") for i, m in zip(range(limit), matches)]


def reply_anchors(measures, metrics) -> list[Anchor]:
    """Anchors for a reply's measures (where each starts) and metrics (their number spans)."""
    anchors = [
        Anchor(m.span_start, m.span_start, f"measure-{m.pk}", "measure-anchor")
        for m in measures
        if m.span_start is not None
    ]
    anchors += [
        Anchor(m.span_start, m.span_end, f"metric-{m.pk}", "metric-span")
        for m in metrics
        if m.span_start is not None and m.span_end is not None
    ]
    return anchors
