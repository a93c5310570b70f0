"""Stage 1 on every format fixture: the text that comes out is the reply that went in.

The fixtures are made by tests/data/formats/make_fixtures.py from the UTF-8 texts in sources/.
"""
import json
import re
from pathlib import Path

import pytest

from archive.ingest.read import decode_document

FORMATS = Path(__file__).resolve().parent.parent / "data" / "formats"
EXPECTED = json.loads((FORMATS / "expected.json").read_text(encoding="utf-8"))
FIXTURES = sorted(name for name in EXPECTED if not name.startswith("_"))
SPACE = re.compile(r"\s+")


def source_of(name: str) -> str:
    entry = EXPECTED[name]
    while "same_as" in entry:
        entry = EXPECTED[entry["same_as"]]
    return (FORMATS / "sources" / f"{entry['source']}.txt").read_text(encoding="utf-8")


def read(name: str) -> str:
    return decode_document((FORMATS / name).read_bytes(), name)


def squeeze(text: str) -> str:
    return SPACE.sub("", text)


@pytest.mark.parametrize(
    "name",
    [
        "gbk_jingzhou_health.txt",
        "utf16le_bom_jingzhou_health.txt",
        "utf16be_nobom_jingzhou_health.txt",
        "utf16le_nobom_deqing_transport.txt",
        "utf8_bom_deqing_transport.md",
    ],
)
def test_encoded_text_decodes_to_the_exact_source(name):
    text = read(name)
    assert text == source_of(name)
    assert not text.startswith("\ufeff")


def test_docx_gives_paragraphs_in_order_then_table_cells():
    text = read("docx_xinxiang_agriculture.docx")
    assert squeeze(text) == squeeze(source_of("docx_xinxiang_agriculture.docx")) + "联系人：李娜联系电话：0373-3021456"
    assert "\n签发人：赵卫东\n" in text  # one paragraph per line


def test_docx_word_list_numbers_are_written_back():
    """一、 and （一） come from Word's numbering.xml, not from the paragraphs' text."""
    assert read("docx_numbered_yuelu_education.docx") == source_of("docx_numbered_yuelu_education.docx").strip()


@pytest.mark.parametrize("name", ["pdf_shinan_civil.pdf", "pdf_gongwen_wuhou_health.pdf"])
def test_pdf_paragraphs_are_rebuilt_from_the_layout(name):
    """Wrapped lines join, indented lines and enumerators start paragraphs, page numbers go.

    A space that fell at a line end is lost (`2300 余人次` wrapped after 2300), as in any PDF.
    """
    paragraphs = read(name).split("\n\n")
    assert [squeeze(p) for p in paragraphs] == [squeeze(p) for p in source_of(name).split("\n\n")]


def test_pdf_paragraph_continues_across_the_page_break():
    text = read("pdf_gongwen_wuhou_health.pdf")
    assert "落实一对一跟踪服务" in text
    assert "— 1 —" not in text and "— 2 —" not in text


SITE_CLUTTER = [
    "当前位置", "现在的位置", "首页", "浏览", "301次", "点击", "上一条", "下一条", "第95号", "ICP", "公网安备",
    "网站标识码", "版权所有", "打印", "关闭", "分享到", "字号", "站内搜索", "统计", "float", "栏目导航",
    "机构设置", "热点信息", "招聘", "地址：",
]


@pytest.mark.parametrize("name", ["html_jinhua_water.html", "html_table_layout_zhangzhou_hrss.html"])
def test_html_page_keeps_the_reply_and_drops_the_site(name):
    text = read(name)
    lines = text.splitlines()
    paragraphs = [p.strip() for p in source_of(name).split("\n\n")]
    assert [line for line in lines if line in paragraphs] == paragraphs  # all, in order, one per line
    for clutter in SITE_CLUTTER:
        assert clutter not in text, clutter


def test_html_metadata_table_survives_as_label_value_lines():
    lines = read("html_jinhua_water.html").splitlines()
    assert "办复类别：B" in lines
    assert "公开属性：主动公开" in lines
    assert "发布日期：2024-07-10" in lines
    assert not any(line.startswith("文号") for line in lines)  # an empty cell is not a fact


def test_html_metadata_in_header_cells():
    lines = [line for line in read("html_table_layout_zhangzhou_hrss.html").splitlines() if line]
    assert lines[:4] == ["标题：关于市政协十三届三次会议第20240078号提案的答复", "发布时间：2024-08-12",
                         "答复类型：B", "公开方式：主动公开"]


def test_html_closing_lines_split_at_br():
    lines = read("html_jinhua_water.html").splitlines()
    closing = ["金华市水务局", "2024 年 7 月 3 日", "联系人：吴敏，联系电话：0579-82468135"]
    positions = [len(lines) - 1 - lines[::-1].index(line) for line in closing]
    assert positions == sorted(positions) and positions[-1] == len(lines) - 1


def test_type_is_decided_by_content_not_extension():
    pdf = (FORMATS / "pdf_shinan_civil.pdf").read_bytes()
    docx = (FORMATS / "docx_xinxiang_agriculture.docx").read_bytes()
    assert "孙丽娟" in decode_document(pdf, "reply.txt")
    assert "李建华" in decode_document(docx, "reply.txt")
    page = (FORMATS / "html_jinhua_water.html").read_bytes()
    assert "ICP" not in decode_document(page, "reply.txt")


def test_every_fixture_is_listed_in_expected_json():
    on_disk = {p.name for p in FORMATS.iterdir() if p.is_file() and p.suffix != ".py" and p.name != "expected.json"}
    assert on_disk - {"no_text_layer.pdf"} == set(FIXTURES)
    assert {p.stem for p in (FORMATS / "sources").iterdir()} == {EXPECTED[n]["source"] for n in FIXTURES if "source" in EXPECTED[n]}
