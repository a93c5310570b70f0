"""Every seed reply, re-encoded into each format a bureau might publish, parses as the original.

The comparison is with the parse of the seed's own UTF-8 file, not with the gold, so this checks
reading alone: whatever the extractor finds in the .txt it must find in the GBK, UTF-16, Word,
web-page (also a traditional-script Big5 mirror) and PDF versions too.
"""
import codecs
import io
from pathlib import Path

import pytest

from archive.ingest.pipeline import parse_bytes

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = sorted((ROOT / "fixtures" / "replies").glob("*.txt"))
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def as_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs(text):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def as_html(text: str) -> bytes:
    return html_page(text, "gb18030").encode("gb18030")


def as_mirror_page(text: str) -> bytes:
    """A Taiwan mirror of the page: the whole page in traditional script, Big5."""
    import zhconv

    return zhconv.convert(html_page(text, "big5"), "zh-tw").encode("big5")


def html_page(text: str, charset: str) -> str:
    import html

    # A line break inside a seed paragraph (left by its PDF conversion) stays a <br>.
    body = "\n".join(
        "<p>&nbsp;&nbsp;" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs(text)
    )
    page = (
        f"<html><head><meta charset='{charset}'><title>答复</title><script>var a=1;</script></head><body>"
        "<div class='nav'><a href='/'>首页</a><a href='/x'>政务公开</a></div>"
        "<div class='crumb'>当前位置：首页 > 建议提案</div>"
        f"<div class='article'><div class='info'>浏览：88次</div><div id='zoom'>{body}</div>"
        "<p>上一条：<a href='/p'>关于第1号提案的答复</a></p></div>"
        "<div class='footer'>版权所有 浙ICP备00000000号</div></body></html>"
    )
    return page


def as_pdf(text: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("WQY", FONT, subfontIndex=0))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    width, height = pdf._pagesize
    size, leading, left = 14, 24, 72
    pdf.setFont("WQY", size)
    y = height - 72
    for paragraph in (line for p in paragraphs(text) for line in p.split("\n") if line.strip()):
        line = ""
        lines = []
        for ch in paragraph.strip():
            if pdfmetrics.stringWidth(line + ch, "WQY", size) > width - 2 * left:
                lines.append(line)
                line = ""
            line += ch
        for piece in [*lines, line]:
            if y < 72:
                pdf.drawCentredString(width / 2, 36, f"- {pdf.getPageNumber()} -")
                pdf.showPage()
                pdf.setFont("WQY", size)
                y = height - 72
            pdf.drawString(left, y, piece)
            y -= leading
    pdf.save()
    return out.getvalue()


ENCODINGS = {
    "gbk.txt": lambda t: t.encode("gb18030"),
    "utf16le-bom.txt": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf16be.txt": lambda t: t.encode("utf-16-be"),
    "utf8-bom.md": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "windows.txt": lambda t: t.replace("\n", "\r\n").encode("gb18030"),  # Notepad: CRLF, ANSI (GBK)
    "page.html": as_html,
    "mirror-big5.html": as_mirror_page,
    "word.docx": as_docx,
    "print.pdf": as_pdf,
}


def summary(parsed) -> dict:
    return {
        "header": parsed.header,
        "measures": [(m.heading, m.status, [c.heading for c in m.children]) for m in parsed.measures],
        "metrics": [(str(m.value), m.unit) for m in parsed.metrics],
    }


@pytest.mark.parametrize("fmt", ENCODINGS)
@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem[:3] for s in SEEDS])
def test_seed_in_another_format_parses_the_same(seed, fmt):
    original = parse_bytes(seed.read_bytes(), seed.name)
    text = seed.read_text(encoding="utf-8")
    converted = parse_bytes(ENCODINGS[fmt](text), f"{seed.stem}.{fmt}")
    assert summary(converted) == summary(original)
