"""Stage 1: bytes of a .txt/.md/.html/.pdf/.docx file → text.

The type is decided by content first (%PDF-, a zip with word/document.xml, HTML markup) because
downloaded replies are often misnamed; the extension only decides how a failure is worded
(garbage named .docx is a corrupt document, garbage named .txt an unreadable file).
"""
from __future__ import annotations

from pathlib import Path

from archive.ingest.documents import DocumentError, pdf_to_text
from archive.ingest.docx_text import docx_to_text, zip_kind
from archive.ingest.encoding import NotText, decode_text
from archive.ingest.errors import CorruptDocument, EmptyFile, NoTextLayer, UnreadableFile, UnsupportedFormat
from archive.ingest.markup import looks_like_html

# What a folder walk picks up; a file named directly is read whatever its name.
SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}

# Magic numbers of formats we do not read, with what the user can do about it.
OTHER_FORMATS = [
    (b"\xd0\xcf\x11\xe0", "old Word/Excel file (.doc/.xls) — 请另存为 .docx"),
    (b"{\\rtf", "RTF file — 请另存为 .docx 或 .txt"),
    (b"\x89PNG", "PNG image — 图片需先做文字识别"),
    (b"\xff\xd8\xff", "JPEG image — 图片需先做文字识别"),
    (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image — 图片需先做文字识别"),
    (b"MM\x00*", "TIFF image — 图片需先做文字识别"),
    (b"Rar!", "RAR archive — 请先解压"),
    (b"\x1f\x8b", "gzip archive — 请先解压"),
    (b"7z\xbc\xaf", "7z archive — 请先解压"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
]


def decode_document(data: bytes, filename: str) -> str:
    """The document's text; raises an IngestError subclass naming the file and the reason."""
    if not data.strip():
        raise EmptyFile(filename)
    kind = sniff(data)
    suffix = Path(filename).suffix.lower()
    try:
        if kind == "pdf":
            return pdf_to_text(data)
        if kind == "docx":
            return docx_to_text(data)
        if kind == "zip":
            raise UnsupportedFormat(filename, "zip archive without word/document.xml — 不是 .docx 文档")
        if kind == "broken zip":
            raise CorruptDocument(filename, "corrupt document — 文件已损坏: damaged zip container (.docx?)")
        if kind is not None:
            raise UnsupportedFormat(filename, f"unsupported format: {kind}")
        text, _ = decode_text(data)
    except DocumentError as exc:
        if exc.kind == "no_text":
            raise NoTextLayer(filename, str(exc)) from exc
        if exc.kind == "encrypted":
            raise UnreadableFile(filename, str(exc)) from exc
        raise CorruptDocument(filename, f"corrupt document — 文件已损坏: {exc}") from exc
    except NotText as exc:
        if suffix in (".pdf", ".docx"):
            raise CorruptDocument(filename, f"corrupt document — not a real {suffix} file ({exc})") from exc
        raise UnreadableFile(filename, f"unreadable — 无法识别文件内容: {exc}") from exc
    if suffix in (".html", ".htm") or looks_like_html(text):
        from archive.ingest.html import html_to_text  # BeautifulSoup only when there is a page

        text = html_to_text(text)
    if not text.replace("\ufeff", "").strip():
        raise EmptyFile(filename, "no text in the file — 文件中没有文字")
    return text


def sniff(data: bytes) -> str | None:
    """'pdf', 'docx', 'zip', 'broken zip', a description of another binary format, or None for text."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return zip_kind(data)
    for magic, description in OTHER_FORMATS:
        if data.startswith(magic):
            return description
    return None
