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
from collections import Counter
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
    """
    sample = text[:20000]
    telling = ordinary = 0
    for ch, n in Counter(sample).items():  # counted in C; a text has a few hundred distinct characters
        if 0x20 <= ord(ch) < 0x7F or ch in "\t\n\r\f":
            continue
        telling += n
        if is_ordinary(ch):
            ordinary += n
    if not telling:
        return 1.0 if sample else 0.0
    return ordinary / telling


@lru_cache(maxsize=20000)
def is_ordinary(ch: str) -> bool:
    code = ord(ch)
    if ch in "\t\n\r\f" or 0x20 <= code < 0x7F or code in (0xA0, 0xB7, 0xD7):
        return True
    if 0x2000 <= code <= 0x206F or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF:
        return True  # general punctuation, CJK punctuation, full-width forms
    if 0x2460 <= code <= 0x24FF or 0x2160 <= code <= 0x217F or 0x3220 <= code <= 0x325F:
        return True  # ①, Ⅳ, ㈠ enumerators
    if 0x4E00 <= code <= 0x9FFF:
        return is_common_hanzi(ch)
    return False


def is_common_hanzi(ch: str) -> bool:
    """In GB2312 (simplified) or Big5 level 1 (traditional): the everyday ideographs."""
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        return ch.encode("big5")[0] < 0xC9  # level 1 ends at C8
    except UnicodeEncodeError:
        return False
