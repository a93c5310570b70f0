"""Word list numbers as Word shows them (archive/ingest/docx_numbering.py)."""
import io

import docx
import pytest
from docx.oxml.ns import qn

from archive.ingest.docx_numbering import chinese_number, format_number
from archive.ingest.docx_text import docx_to_text


@pytest.mark.parametrize(
    "n, text",
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三"), (100, "一百"), (105, "一百零五"),
     (110, "一百一十"), (999, "九百九十九")],
)
def test_chinese_counting(n, text):
    assert chinese_number(n) == text


@pytest.mark.parametrize(
    "n, fmt, text",
    [(3, "decimal", "3"), (3, "decimalEnclosedCircle", "③"), (3, "lowerLetter", "c"), (28, "upperLetter", "BB"),
     (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (2, "chineseCountingThousand", "二"), (5, "bullet", "")],
)
def test_formats(n, fmt, text):
    assert format_number(n, fmt) == text


def test_list_number_style_of_the_default_template():
    """`List Number` is numbered through its style, not the paragraph: 1. 2. 3."""
    document = docx.Document()
    for text in ["加大招聘力度。", "强化培训。", "完善激励。"]:
        document.add_paragraph(text, style="List Number")
    out = io.BytesIO()
    document.save(out)
    assert docx_to_text(out.getvalue()).split("\n\n") == ["1.加大招聘力度。", "2.强化培训。", "3.完善激励。"]


def test_numbering_switched_off_on_a_paragraph():
    document = docx.Document()
    document.add_paragraph("一项", style="List Number")
    plain = document.add_paragraph("不编号", style="List Number")
    plain._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 0
    out = io.BytesIO()
    document.save(out)
    assert docx_to_text(out.getvalue()).split("\n\n") == ["1.一项", "不编号"]
    assert plain._p.pPr.find(qn("w:numPr")) is not None
