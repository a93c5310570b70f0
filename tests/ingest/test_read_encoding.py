"""Encoding detection on the short texts where charset-normalizer alone goes wrong."""
import codecs
import random

import pytest

from archive.ingest.encoding import NotText, decode_text

SHORT = ["您好委员：", "关于加强中小学心理健康教育的提案的答复", "一、加强领导。\n二、2024年投入500万元", "张三代表：\r\n　　您提出的建议收悉。"]


@pytest.mark.parametrize("text", SHORT)
@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030", "utf-16-le", "utf-16-be"])
def test_short_chinese_round_trips(text, encoding):
    assert decode_text(text.encode(encoding))[0] == text


@pytest.mark.parametrize(
    "bom, encoding",
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_bom_is_used_and_removed(bom, encoding):
    text, found = decode_text(bom + "答复如下：".encode(encoding))
    assert (text, found) == ("答复如下：", encoding)


def test_gb18030_only_characters():
    text = "王𠮷委员：您提出的关于加强中小学心理健康教育的提案收悉，现答复如下。"  # 𠮷 is outside GBK
    assert decode_text(text.encode("gb18030"))[0] == text


def test_traditional_big5_page():
    text = "關於加強學校心理健康教育的提案答復：一、強化組織領導。"
    assert decode_text(text.encode("big5"))[0] == text


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_are_not_text(seed):
    data = random.Random(seed).randbytes(4000)
    with pytest.raises(NotText):
        decode_text(data)


def test_random_bytes_without_nuls_are_not_text():
    data = bytes(b for b in random.Random(7).randbytes(4000) if b)
    with pytest.raises(NotText):
        decode_text(data)


def test_bom_with_broken_body_is_refused():
    with pytest.raises(NotText, match="BOM"):
        decode_text(codecs.BOM_UTF8 + b"\xff\xfe\xfd abc")


def test_utf8_with_a_damaged_character_loses_only_that_character():
    text = "您提出的关于加强中小学心理健康教育的提案收悉，现答复如下。" * 3
    data = text.encode("utf-8")
    cut = data[:10] + data[11:]  # one byte of 的 gone
    decoded, encoding = decode_text(cut)
    assert encoding == "utf-8 (repaired)"
    assert decoded == text.replace("的", "", 1)


def test_utf8_with_many_damaged_bytes_is_refused():
    data = bytearray("答复如下".encode() * 50)
    for i in range(0, len(data), 7):
        data[i] = 0xFF
    with pytest.raises(NotText):
        decode_text(bytes(data))


@pytest.mark.parametrize("meta", ['<meta charset="big5">', "<meta http-equiv='Content-Type' content='text/html; charset=BIG5'>"])
def test_declared_page_charset_is_tried_first(meta):
    """Two characters of Big5 also decode as GB18030; the page's own declaration settles it."""
    page = f"<html><head>{meta}</head><body><p>答復</p></body></html>"
    assert decode_text(page.encode("big5")) == (page, "big5")


def test_a_wrong_declaration_is_ignored():
    page = '<html><head><meta charset="big5"></head><body><p>关于加强心理健康教育的提案答复</p></body></html>'
    assert decode_text(page.encode("gbk")) == (page, "gb18030")
