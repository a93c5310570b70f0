"""Bytes of a plain-text file → str, whatever encoding a bureau's website or editor used.

Replies arrive as UTF-8 (with or without BOM), UTF-16 (Word's "Unicode text", often without
BOM) and GBK/GB18030 (older Windows tools). charset-normalizer alone misreads short GBK texts
(it calls `您好委员：` cp949), so it is only the last resort. The order:
BOM → strict UTF-8 → UTF-16 by the NUL pattern → candidates scored by how Chinese they read →
charset-normalizer; a winner must still look like text, or the file is refused.
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache

import charset_normalizer

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Below this share of ordinary characters a decoding is taken for mojibake or binary.
MIN_PLAUSIBILITY = 0.85
# A UTF-8 file may lose this many characters (or one per thousand) to damaged bytes.
MAX_REPAIRS = 3


# <meta charset="gb2312"> / <meta http-equiv="Content-Type" content="text/html; charset=big5">
DECLARED_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]{2,20})", re.IGNORECASE)


class NotText(ValueError):
    """The bytes do not decode to plausible text in any encoding we try."""


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises NotText for binary data or an unknown encoding."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise NotText(f"{encoding} BOM but invalid {encoding}: {exc.reason}") from exc
    if b"\x00" in data:
        return decode_with_nuls(data)
    declared = declared_charset(data)
    for encoding in ([declared] if declared else []) + ["utf-8"]:
        text = strict(data, encoding)
        if text is not None and plausibility(text) >= MIN_PLAUSIBILITY:
            return text, encoding
    candidates = [(text, enc) for enc in ("gb18030", "big5", "utf-16-le", "utf-16-be") if (text := strict(data, enc))]
    try:
        return best_candidate(candidates)
    except NotText:
        pass
    guess = charset_normalizer.from_bytes(data).best()  # slow on big files: only when all else failed
    if guess is not None:
        try:
            return best_candidate([(str(guess), guess.encoding)])
        except NotText:
            pass
    return repaired_utf8(data)


def repaired_utf8(data: bytes) -> tuple[str, str]:
    """UTF-8 with a few damaged bytes (a page cut mid-character) loses only those characters."""
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    if damaged > max(MAX_REPAIRS, len(text) // 1000) or plausibility(text) < MIN_PLAUSIBILITY:
        raise NotText("not text in UTF-8, UTF-16, GB18030 or Big5")
    return text.replace("\ufffd", ""), "utf-8 (repaired)"


def declared_charset(data: bytes) -> str | None:
    """The charset a web page declares (`<meta charset="big5">`), if Python knows it."""
    match = DECLARED_CHARSET.search(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    name = {"gb2312": "gb18030", "gbk": "gb18030"}.get(name, name)  # their superset: pages lie
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_with_nuls(data: bytes) -> tuple[str, str]:
    """Text with NUL bytes is UTF-16 without BOM (ASCII 'A' is 41 00, 　 is 00 30) or binary."""
    candidates = [(text, enc) for enc in ("utf-16-le", "utf-16-be") if (text := strict(data, enc))]
    try:
        return best_candidate(candidates)
    except NotText:
        raise NotText("binary data, not text (NUL bytes, and not UTF-16)") from None


def best_candidate(candidates: list[tuple[str, str]]) -> tuple[str, str]:
    scored = sorted(((plausibility(t), t, enc) for t, enc in candidates), key=lambda c: -c[0])
    if not scored or scored[0][0] < MIN_PLAUSIBILITY:
        raise NotText("not text in UTF-8, UTF-16, GB18030 or Big5")
    _, text, encoding = scored[0]
    return text, encoding


def strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters that a Chinese government text is made of (0–1).

    A wrong decoding yields rare ideographs, Hangul, private-use or control characters; a right
    one yields common hanzi (GB2312 or Big5 level 1) and CJK punctuation. Printable ASCII is
    left out of the share: it decodes the same either way, and a web page is mostly markup.
    Counted in C (an encode and two regex scans): counting every character in Python was a
    tenth of all parsing time.
    """
    sample = text[:20000]
    telling = len(sample) - len(sample.encode("ascii", "ignore")) + len(ASCII_CONTROL.findall(sample))
    if not telling:
        return 1.0 if sample else 0.0
    return (telling - len(unusual_character().findall(sample))) / telling


# ASCII that plausibility counts: the control characters other than \t \n \r \f, and DEL.
ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


# Characters outside the hanzi block that a Chinese text is made of, as (first, last) code.
ORDINARY_RANGES = [
    (0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x7E), (0xA0, 0xA0), (0xB7, 0xB7), (0xD7, 0xD7),
    (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF),  # general and CJK punctuation, full-width forms
    (0x2460, 0x24FF), (0x2160, 0x217F), (0x3220, 0x325F),  # ①, Ⅳ, ㈠ enumerators
]
HANZI = (0x4E00, 0x9FFF)


@lru_cache(maxsize=1)
def unusual_character() -> re.Pattern:
    """Matches one character that is_ordinary refuses; built once per process (~40 ms, most
    of it compiling the class: the common hanzi are scattered over ~2,000 ranges)."""
    codes = sorted({code for first, last in ORDINARY_RANGES for code in range(first, last + 1)}
                   | {ord(ch) for ch in common_hanzi()})
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[^" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


def is_ordinary(ch: str) -> bool:
    code = ord(ch)
    if HANZI[0] <= code <= HANZI[1]:
        return ch in common_hanzi()
    return any(first <= code <= last for first, last in ORDINARY_RANGES)


@lru_cache(maxsize=1)
def common_hanzi() -> frozenset[str]:
    """The everyday ideographs: GB2312 (simplified) and Big5 level 1 (traditional, lead byte
    up to C8). Found by decoding every two-byte code of both, a line per code (~20 ms)."""
    found: dict[str, set[str]] = {}
    for encoding, leads in (("gb2312", range(0xA1, 0xF8)), ("big5", range(0xA1, 0xC9))):
        codes = b"".join(bytes((lead, trail, 0x0A)) for lead in leads for trail in range(0x40, 0xFF))
        found[encoding] = {ch for ch in codes.decode(encoding, "replace").split("\n")
                           if len(ch) == 1 and HANZI[0] <= ord(ch) <= HANZI[1]}
    # A Big5 character coded twice is level 1 only when the codec writes it with the low lead.
    level1 = {ch for ch in found["big5"] - found["gb2312"] if ch.encode("big5")[0] < 0xC9}
    return frozenset(found["gb2312"] | level1)
