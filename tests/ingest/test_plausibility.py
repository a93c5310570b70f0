"""plausibility counts in C what the per-character definition (is_ordinary) says."""
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.ingest.encoding import is_ordinary, plausibility


def share_by_characters(text: str) -> float:
    sample = text[:20000]
    telling = ordinary = 0
    for ch, n in Counter(sample).items():
        if 0x20 <= ord(ch) < 0x7F or ch in "\t\n\r\f":
            continue
        telling += n
        ordinary += n * is_ordinary(ch)
    return ordinary / telling if telling else (1.0 if sample else 0.0)


MIXED = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("心理健康教育学生，。“”（）①Ⅳ㈠\x7f\x00\x0b\t\n\r\f 　·×"),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    ),
    max_size=200,
)


@settings(max_examples=500, deadline=None)
@given(MIXED)
def test_same_share_as_counting_each_character(text):
    assert plausibility(text) == share_by_characters(text)


def test_examples():
    assert plausibility("") == 0.0
    assert plausibility("plain ascii\n") == 1.0
    assert plausibility("学生心理健康教育，") == 1.0
    assert plausibility("괜찮아요") == 0.0  # Hangul: a wrong decoding
    assert plausibility("心理" + "\U0001f600" * 2) == 0.5
    assert plausibility("x" * 20000 + "괜") == 1.0  # only the first 20,000 characters count


def encodes_as_common_hanzi(ch: str) -> bool:
    """The definition: in GB2312, or in Big5 with a lead byte of level 1 (up to C8)."""
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        return ch.encode("big5")[0] < 0xC9
    except UnicodeEncodeError:
        return False


def test_common_hanzi_table_matches_the_codecs():
    hanzi = [chr(code) for code in range(0x4E00, 0xA000)]
    assert [is_ordinary(ch) for ch in hanzi] == [encodes_as_common_hanzi(ch) for ch in hanzi]
    assert is_ordinary("学") and is_ordinary("學") and not is_ordinary("鿏")
