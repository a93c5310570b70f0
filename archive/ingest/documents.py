"""Text out of the two binary formats bureaus publish: PDF (here) and Word .docx (docx_text.py).

Both raise DocumentError with a short reason; read.py turns it into the user-facing IngestError.
pdfminer and python-docx are imported inside the functions, so plain-text ingest never loads them.
"""
from __future__ import annotations

import logging
import re

CID_GLYPH = re.compile(r"\(cid:\d+\)")  # pdfminer's stand-in for a glyph with no Unicode: (cid:1234)
MIN_TEXT_CHARS = 20


class DocumentError(ValueError):
    """Why a document gave no text; kind is "corrupt", "encrypted" or "no_text"."""

    def __init__(self, message: str, kind: str = "corrupt"):
        super().__init__(message)
        self.kind = kind


def pdf_to_text(data: bytes) -> str:
    """The PDF's text layer as paragraphs; a scan without one raises DocumentError(kind="no_text")."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    from archive.ingest.pdf_layout import pdf_paragraphs

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns on every odd font
    try:
        paragraphs = pdf_paragraphs(data)
    except PDFPasswordIncorrect as exc:
        raise DocumentError("encrypted PDF — 加密的 PDF，请先解除密码", kind="encrypted") from exc
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise DocumentError(f"broken PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n\n".join(paragraphs)
    readable = CID_GLYPH.sub("", text)
    if len("".join(readable.split())) < MIN_TEXT_CHARS:
        if CID_GLYPH.search(text):
            raise DocumentError("PDF text layer has glyphs without Unicode — 文字层无法转换为文本", kind="no_text")
        raise DocumentError("no text layer — scanned PDF? 该 PDF 没有文字层，请先做文字识别（OCR）", kind="no_text")
    return readable
