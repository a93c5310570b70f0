"""Paragraph rebuilding from PDF line geometry (archive/ingest/pdf_layout.py), on hand-made lines."""
import pytest

from archive.ingest.pdf_layout import PAGE_NUMBER, Line, continues, glue, left_margin, without_page_number

LEFT, RIGHT, U = 80.0, 520.0, 16.0


def line(text, x0=LEFT, x1=RIGHT):
    return Line(text, x0, x1, 0.0, U)


@pytest.mark.parametrize(
    "previous, following, joined",
    [
        (line("依托区精神卫生中心和社区卫生服务中心，建成区、"), line("街道、社区三级心理健康服务网络。"), True),
        (line("依托区精神卫生中心，", x1=300), line("街道、社区三级网络。"), False),  # ended short
        (line("一段话正好写满了一整行。"), line("新的一段缩进两格。", x0=LEFT + 2 * U), False),  # indented
        (line("一段话正好写满了一整行。"), line("二、加强人才培养"), False),  # enumerator
        (line("一段话正好写满了一整行。"), line("联系人：罗婷"), False),
        (line("成都市武侯区卫生健康局", x0=380), line("正文"), False),  # right-aligned signature
    ],
)
def test_continues(previous, following, joined):
    assert continues(previous, following, LEFT, RIGHT) is joined


@pytest.mark.parametrize("text", ["— 1 —", "- 12 -", "3", "第 3 页 共 5 页", "第3页", "3/5"])
def test_page_numbers(text):
    assert PAGE_NUMBER.match(text)


@pytest.mark.parametrize("text", ["2024 年 7 月 12 日", "1.关爱青少年。", "— 附件 —"])
def test_not_page_numbers(text):
    assert not PAGE_NUMBER.match(text)


def test_left_margin_ignores_one_stray_line():
    lines = [line("a", x0=60), line("b", x0=80), line("c", x0=80), line("d", x0=112), line("e", x0=112)]
    assert left_margin(lines) == 80


def test_glue():
    assert glue("服务网络，建成区、", "街道") == "街道"
    assert glue("see the", "report") == " report"
    assert glue("电话 0596-", "2023456") == "2023456"


def test_page_number_only_at_head_or_foot_of_a_page():
    page = [line("— 2 —"), line("开展个体辅导 156"), line("8"), line("人次。"), line("3")]
    assert [x.text for x in without_page_number(page)] == ["开展个体辅导 156", "8", "人次。"]
