"""Regenerate the format fixtures from the UTF-8 reply texts in sources/.

    .venv/bin/python tests/data/formats/make_fixtures.py

Each fixture is one real-world way a reply arrives: GBK and UTF-16 text files, a UTF-8 file with
BOM, a Word .docx (with a table), a .docx whose measures are numbered by a Word list, a PDF with a text layer (wrapped lines, as a PDF really has
them), a two-page PDF in official-document layout, a GBK web page with the site's navigation around the reply, an old table-layout page, and a PDF with no text layer.
The generated files are committed; expected.json holds what the pipeline must find in each.
"""
from __future__ import annotations

import codecs
import datetime
import html
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def source(name: str) -> str:
    return (SOURCES / f"{name}.txt").read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def write_encoded_texts() -> None:
    health = source("jingzhou_health")
    transport = source("deqing_transport")
    (HERE / "gbk_jingzhou_health.txt").write_bytes(health.encode("gbk"))
    (HERE / "utf16le_bom_jingzhou_health.txt").write_bytes(codecs.BOM_UTF16_LE + health.encode("utf-16-le"))
    (HERE / "utf16le_nobom_deqing_transport.txt").write_bytes(transport.encode("utf-16-le"))
    (HERE / "utf16be_nobom_jingzhou_health.txt").write_bytes(health.encode("utf-16-be"))
    (HERE / "utf8_bom_deqing_transport.md").write_bytes(codecs.BOM_UTF8 + transport.encode("utf-8"))


def write_docx() -> None:
    """Paragraphs as Word paragraphs, then the contact details in a two-cell table."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs(source("xinxiang_agriculture")):
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "联系人：李娜"
    table.rows[0].cells[1].text = "联系电话：0373-3021456"
    document.core_properties.created = document.core_properties.modified = datetime.datetime(2024, 5, 20)
    document.save(HERE / "docx_xinxiang_agriculture.docx")


# Word's own list numbering: level 0 `一、`, level 1 `（一）`, both Chinese counting.
CHINESE_LIST = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
<w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>"""
CHINESE_LIST_NUM = """<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="90">
<w:abstractNumId w:val="90"/></w:num>"""
# 一、健全管理制度 → level 0;（二）推行… → level 1. The enumerator leaves the text.
ENUMERATED = re.compile(r"^(?:(?P<top>[一二三四五六七八九十]+、)|(?P<sub>（[一二三四五六七八九十]+）))")


def write_numbered_docx() -> None:
    """Measures numbered by a Word list, so their enumerators are not in the paragraph text."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(numbering.index(numbering.find(qn("w:num"))), parse_xml(CHINESE_LIST))
    numbering.append(parse_xml(CHINESE_LIST_NUM))
    for text in paragraphs(source("yuelu_education")):
        match = ENUMERATED.match(text)
        paragraph = document.add_paragraph(text[match.end():] if match else text)
        if match:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0 if match.group("top") else 1
            num_pr.get_or_add_numId().val = 90
    document.core_properties.created = document.core_properties.modified = datetime.datetime(2024, 6, 18)
    document.save(HERE / "docx_numbered_yuelu_education.docx")


def write_pdfs() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("WQY", FONT, subfontIndex=0))
    width, height = A4
    margin, size, leading = 72, 14, 22

    pdf = canvas.Canvas(str(HERE / "pdf_shinan_civil.pdf"), pagesize=A4, invariant=1)
    pdf.setFont("WQY", size)
    y = height - margin
    for paragraph in paragraphs(source("shinan_civil")):
        for line in wrap(paragraph, lambda s: pdfmetrics.stringWidth(s, "WQY", size), width - 2 * margin):
            if y < margin:
                pdf.showPage()
                pdf.setFont("WQY", size)
                y = height - margin
            pdf.drawString(margin, y, line)
            y -= leading
        y -= leading / 2
    pdf.save()

    scan = canvas.Canvas(str(HERE / "no_text_layer.pdf"), pagesize=A4, invariant=1)
    scan.rect(margin, margin, width - 2 * margin, height - 2 * margin, fill=1)  # a "scanned page"
    scan.save()


def write_gongwen_pdf() -> None:
    """An official-document layout: 16 pt on 28 pt leading, body indented two characters,
    centred letterhead and title, right-aligned signature, page numbers `— 1 —` at the foot."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    width, height = A4
    left, right, size, leading = 79, width - 74, 16, 28

    def measure(s: str) -> float:
        return pdfmetrics.stringWidth(s, "WQY", size)

    pdf = canvas.Canvas(str(HERE / "pdf_gongwen_wuhou_health.pdf"), pagesize=A4, invariant=1)
    pdf.setFont("WQY", size)
    y = height - 100

    def draw(line: str, align: str, indent: float = 0) -> None:
        nonlocal y
        if y < 100:
            pdf.drawCentredString(width / 2, 50, f"— {pdf.getPageNumber()} —")
            pdf.showPage()
            pdf.setFont("WQY", size)
            y = height - 100
        if align == "centre":
            pdf.drawCentredString(width / 2, y, line)
        elif align == "right":
            pdf.drawRightString(right - 2 * size, y, line)
        else:
            pdf.drawString(left + indent, y, line)
        y -= leading

    parts = paragraphs(source("wuhou_health"))
    for i, text in enumerate(parts):
        if i < 2 or i in (4, 5):  # letterhead, 文号, two title lines
            draw(text, "centre")
        elif i == 2:  # 签发人
            draw(text, "right")
        elif text.endswith("委员："):
            draw(text, "left")
        elif i >= len(parts) - 3 and not text.startswith("（"):  # signature and date
            draw(text, "right")
        else:
            first, *rest = wrap(text, measure, right - left - 2 * size)
            rest = wrap("".join(rest), measure, right - left)
            draw(first, "left", indent=2 * size)
            for line in rest:
                draw(line, "left")
    pdf.drawCentredString(width / 2, 50, f"— {pdf.getPageNumber()} —")
    pdf.save()


def wrap(text: str, measure, max_width: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if measure(line + ch) > max_width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line] if line else lines


PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于市政协八届三次会议第96号提案的答复_建议提案办理_金华市水务局</title>
<script>var _hmt = _hmt || []; document.write("统计");</script>
<style>.nav li {{ float: left; }}</style></head>
<body>
<div class="header"><img src="logo.png" alt="金华市水务局"><div class="search">站内搜索</div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 建议提案办理</div>
<div class="main">
 <table class="xxgk-table">
  <tr><td>索引号：</td><td>11330700002609431X/2024-00123</td><td>发布机构：</td><td>金华市水务局</td></tr>
  <tr><td>发布日期：</td><td>2024-07-10</td><td>办复类别：</td><td>B</td></tr>
  <tr><td>公开属性：</td><td>主动公开</td><td>文号：</td><td></td></tr>
 </table>
 <div class="article">
  <h1 class="title">关于市政协八届三次会议第96号提案的答复</h1>
  <div class="info">发布时间：2024-07-10 10:32 浏览：301次 【字号：大 中 小】</div>
  <div class="content" id="zoom">
{body}
  </div>
  <div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>
  <div class="prevnext">
   <p>上一条：<a href="/a/95.html">关于市政协八届三次会议第95号提案的答复</a></p>
   <p>下一条：<a href="/a/97.html">关于市政协八届三次会议第97号提案的答复</a></p>
  </div>
  <div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
 </div>
</div>
<div class="footer"><p>主办单位：金华市水务局 | 网站标识码：3307000015</p>
<p>浙ICP备05012345号-1 浙公网安备 33070202000123号</p></div>
</body></html>
"""


def write_html() -> None:
    """A GBK page: the reply's paragraphs as <p>, its closing lines joined by <br>."""
    parts = paragraphs(source("jinhua_water"))
    closing = parts[-3:]  # bureau, date, contact: one <p> with <br>, as many sites write them
    body = [f'   <p style="text-indent:2em">&nbsp;&nbsp;{html.escape(p)}</p>' for p in parts[:-3]]
    body.append('   <p style="text-align:right">' + "<br>\n".join(html.escape(p) for p in closing) + "</p>")
    page = PAGE.format(body="\n".join(body))
    (HERE / "html_jinhua_water.html").write_bytes(page.encode("gbk"))


TABLE_PAGE = """<html>
<head><meta charset="utf-8"><title>漳州市人力资源和社会保障局</title></head>
<body>
<table width="1000" align="center"><tr><td colspan="2"><img src="banner.jpg"></td></tr>
<tr>
<td width="200" valign="top">
 <table><tr><td class="lm">栏目导航</td></tr></table>
 <ul><li><a href="/jgsz">机构设置</a></li><li><a href="/zcfg">政策法规</a></li><li><a href="/jyta">建议提案</a></li></ul>
 <p>热点信息</p>
 <ul><li><a href="/1">2024年漳州市事业单位公开招聘工作人员公告</a></li><li><a href="/2">关于开展2024年度职称评审工作的通知</a></li></ul>
</td>
<td width="800" valign="top">
 <table width="100%"><tr><td>您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/jyta">建议提案</a></td></tr></table>
 <table class="bg">
  <tr><th>标题</th><td colspan="3">关于市政协十三届三次会议第20240078号提案的答复</td></tr>
  <tr><th>发布时间</th><td>2024-08-12</td><th>答复类型</th><td>B</td></tr>
  <tr><th>公开方式</th><td>主动公开</td><th>点击数</th><td>96</td></tr>
 </table>
 <div id="zoom">
{body}
 </div>
 <table width="100%"><tr><td align="right">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</td></tr></table>
</td></tr>
<tr><td colspan="2" align="center">版权所有：漳州市人力资源和社会保障局 闽ICP备09012345号<br>地址：漳州市龙文区 电话：0596-2020000</td></tr>
</table>
</body></html>
"""


def write_table_layout_html() -> None:
    """An old table-layout site: a menu column, and the reply as one block of <br>-joined lines."""
    lines = [("&nbsp;" * 4 if i > 3 else "") + html.escape(p) for i, p in enumerate(paragraphs(source("zhangzhou_hrss")))]
    page = TABLE_PAGE.format(body="<br>\n<br>\n".join(lines))
    (HERE / "html_table_layout_zhangzhou_hrss.html").write_bytes(page.encode("utf-8"))


if __name__ == "__main__":
    write_encoded_texts()
    write_docx()
    write_numbered_docx()
    write_pdfs()
    write_gongwen_pdf()
    write_html()
    write_table_layout_html()
    print("fixtures written to", HERE)
