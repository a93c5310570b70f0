"""Check an uploaded file's type by its bytes, not only by its name.

A file named report.pdf must start like a PDF, a .docx must be a ZIP holding
word/document.xml, and a .txt/.md/.html must not be a PDF, archive, image or program.
The content detection itself is the ingest reader's (archive.ingest.read.sniff), so the
upload page and the ingest command agree on what a file is.
"""
from __future__ import annotations

from pathlib import PurePath

from archive.ingest.errors import UnsupportedFormat
from archive.ingest.read import SUFFIXES, sniff

ALLOWED_SUFFIXES = SUFFIXES


def check_upload_type(data: bytes, filename: str) -> None:
    """Raise UnsupportedFormat unless the extension is allowed and the content matches it."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UnsupportedFormat(filename, "只接受 .txt .md .html .pdf .docx 文件")
    if not data:
        return  # the pipeline reports an empty file in its own words
    kind = sniff(data) or "text"
    expected = suffix.lstrip(".") if suffix in {".pdf", ".docx"} else "text"
    if kind in {"zip", "broken zip"} and expected == "docx":
        raise UnsupportedFormat(filename, "DOCX 文件已损坏或不是 Word 文档（缺少 word/document.xml）")
    if kind != expected:
        raise UnsupportedFormat(
            filename, f"文件内容（{kind}）与扩展名 {suffix} 不符 — content does not match extension"
        )
