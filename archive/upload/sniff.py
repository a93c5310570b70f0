"""Check an uploaded file's type by its bytes, not only by its name.

A file named report.pdf must start like a PDF, a .docx must be a ZIP holding
word/document.xml, and a .txt/.md/.html must not be a PDF, archive, image or program.
Text decoding itself (UTF-8, GBK, UTF-16…) is left to the ingest pipeline.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from archive.ingest.errors import UnsupportedFormat

TEXT_SUFFIXES = {".txt", ".md", ".html", ".htm"}
ALLOWED_SUFFIXES = TEXT_SUFFIXES | {".pdf", ".docx"}

# Leading bytes of formats we recognise; a PDF header may follow up to 1 KB of junk.
MAGIC_NUMBERS: list[tuple[bytes, str]] = [
    (b"PK\x03\x04", "zip"),
    (b"MZ", "executable"),
    (b"\x7fELF", "executable"),
    (b"\xca\xfe\xba\xbe", "executable"),
    (b"\xcf\xfa\xed\xfe", "executable"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf", "7z"),
    (b"\xd0\xcf\x11\xe0", "ole"),  # old .doc / .xls
]


def sniff(data: bytes) -> str:
    """Name the kind of content: pdf, docx, zip, executable, image, … or text."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    for magic, kind in MAGIC_NUMBERS:
        if data.startswith(magic):
            if kind == "zip" and is_docx(data):
                return "docx"
            return kind
    return "text"


def is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def check_upload_type(data: bytes, filename: str) -> None:
    """Raise UnsupportedFormat unless the extension is allowed and the content matches it."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UnsupportedFormat(filename, "只接受 .txt .md .html .pdf .docx 文件")
    if not data:
        return  # the pipeline reports an empty file in its own words
    kind = sniff(data)
    expected = suffix.lstrip(".") if suffix in {".pdf", ".docx"} else "text"
    if kind == "zip" and expected == "docx":
        raise UnsupportedFormat(filename, "DOCX 文件已损坏或不是 Word 文档（缺少 word/document.xml）")
    if kind != expected:
        raise UnsupportedFormat(
            filename, f"文件内容（{kind}）与扩展名 {suffix} 不符 — content does not match extension"
        )
