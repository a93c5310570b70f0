"""Text out of the two binary formats bureaus publish: PDF (its text layer) and Word .docx.

Both raise DocumentError with a short reason; read.py turns it into the user-facing IngestError.
pdfminer and python-docx are imported inside the functions, so plain-text ingest never loads them.
"""
from __future__ import annotations

import io
import logging
import re
import zipfile

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


def docx_to_text(data: bytes) -> str:
    """Paragraphs and table cells of the document body, in order, one paragraph per line.

    Automatic list numbers (一、 from a Word list style) are put back in front of their paragraphs.
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from archive.ingest.docx_numbering import ListNumbering

    try:
        document = docx.Document(io.BytesIO(data))
        numbering = ListNumbering(document)
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(numbering.label(block) + block.text)
            elif isinstance(block, Table):
                lines.extend(table_lines(block))
    except Exception as exc:  # zipfile, KeyError, lxml and ValueError all come through python-docx
        raise DocumentError(f"broken .docx ({type(exc).__name__}: {exc})") from exc
    return "\n\n".join(line.strip() for line in lines if line.strip())


def table_lines(table) -> list[str]:
    """One line per row, cells joined by a space; merged cells (repeated by python-docx) once."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        lines.append(" ".join(cells))
    return lines


def zip_kind(data: bytes) -> str:
    """'docx' for a zip holding word/document.xml (what Word writes), else 'zip' or 'broken zip'."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "docx" if "word/document.xml" in archive.namelist() else "zip"
    except zipfile.BadZipFile:
        return "broken zip"
