"""Word documents: what python-docx's Paragraph.text misses (archive/ingest/docx_text.py)."""
import io

import docx
from docx.oxml import parse_xml

from archive.ingest.docx_text import docx_to_text

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
V = 'xmlns:v="urn:schemas-microsoft-com:vml"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def box(text: str) -> str:
    return f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"


def vml_textbox_run(text: str):
    """A VML text box, as older Word and WPS write a letterhead."""
    return parse_xml(f"<w:r {W} {V}><w:pict><v:shape><v:textbox>{box(text)}</v:textbox></v:shape></w:pict></w:r>")


def alternate_content_run(text: str):
    """A modern text box: DrawingML in mc:Choice, the same box again as VML in mc:Fallback."""
    return parse_xml(
        f"<w:r {W} {V} {MC}><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\"><w:drawing><w:txbx>{box(text)}</w:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box(text)}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_text_boxes_are_read_once_before_their_paragraph():
    document = docx.Document()
    first = document.add_paragraph()
    first._p.append(vml_textbox_run("株洲市教育局文件"))
    second = document.add_paragraph("株教提字〔2023〕26 号")
    second._p.append(alternate_content_run("A 类"))
    document.add_paragraph("李杏委员：")
    assert docx_to_text(saved(document)).split("\n\n") == ["株洲市教育局文件", "A 类", "株教提字〔2023〕26 号", "李杏委员："]


def test_first_page_header_comes_first():
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "濮阳市教育局"
    section.header.paragraphs[0].text = "第二页起的页眉"
    document.add_paragraph("濮教函〔2025〕87号")
    assert docx_to_text(saved(document)).split("\n\n") == ["濮阳市教育局", "濮教函〔2025〕87号"]


def test_no_header_no_extra_lines():
    document = docx.Document()
    document.add_paragraph("正文")
    assert docx_to_text(saved(document)) == "正文"


def test_merged_table_cells_are_read_once():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "全市心理健康教育情况"
    for cell, text in zip(table.rows[1].cells, ["心理辅导室", "120 个", "全覆盖"]):
        cell.text = text
    assert docx_to_text(saved(document)).split("\n\n") == ["全市心理健康教育情况", "心理辅导室 120 个 全覆盖"]
